using System.Text;
using FlowAnalytics.Inventory;

namespace FlowAnalytics.Tests.Inventory;

/// <summary>The realistic inventory under Fixtures/ and a way to load inline JSON documents.</summary>
internal static class InventoryFixtures
{
    public const string Vpc = "vpc-0a1b2c3d4e5f60718";
    public const string Account = "111122223333";

    /// <summary>describe-network-interfaces in two pages, describe-vpc-endpoints as two appended pages, describe-subnets.</summary>
    public static readonly string[] Files =
    [
        "network-interfaces-page1.json",
        "network-interfaces-page2.json",
        "vpc-endpoints.json",
        "subnets.json",
    ];

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Inventory", "Fixtures", name);

    public static EndpointInventory LoadAll() => EndpointInventory.Load(Files.Select(PathOf));

    /// <summary>Loads inline documents as if each were a file named <c>inline1.json</c>, <c>inline2.json</c>, ….</summary>
    public static EndpointInventory FromJson(params string[] files)
    {
        var builder = new InventoryBuilder();
        for (int i = 0; i < files.Length; i++)
        {
            InventoryFileReader.Read($"inline{i + 1}.json", Encoding.UTF8.GetBytes(files[i]), builder);
        }

        return builder.Build();
    }

    /// <summary>The exception reading <paramref name="json"/> as file <paramref name="file"/> throws.</summary>
    public static InventoryFormatException ReadError(string file, string json) =>
        Assert.Throws<InventoryFormatException>(() => InventoryFileReader.Read(file, Encoding.UTF8.GetBytes(json), new InventoryBuilder()));
}
