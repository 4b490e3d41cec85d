using System.Globalization;
using System.Text.Json;

namespace FlowAnalytics.Inventory;

/// <summary>
/// Reads one inventory file into an <see cref="InventoryBuilder"/>. What a file holds is detected
/// by content, not by name: each top-level JSON document must be an object with at least one of
/// <c>NetworkInterfaces</c>, <c>VpcEndpoints</c>, <c>Subnets</c> (other keys, such as the CLI's
/// <c>NextToken</c>, are ignored). A file may hold several documents one after another, as when
/// pages are appended with <c>&gt;&gt;</c>.
/// </summary>
internal static class InventoryFileReader
{
    private const string Expected = "an object with one of NetworkInterfaces, VpcEndpoints, Subnets";

    /// <summary>Reads <paramref name="utf8"/>, the content of the file the user named <paramref name="file"/>.</summary>
    public static void Read(string file, ReadOnlySpan<byte> utf8, InventoryBuilder builder)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || utf8.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            // Windows PowerShell 5's ">" writes UTF-16; say so instead of reporting a JSON error at byte 1.
            throw new InventoryFormatException(file, null,
                $"{file}: expected UTF-8 JSON, found UTF-16 text (save it as UTF-8, e.g. with Out-File -Encoding utf8)");
        }

        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        List<JsonDocument> documents = Parse(file, utf8);
        try
        {
            if (documents.Count == 0)
            {
                throw new InventoryNode(default, file, 0, "$").Fail(Expected, "an empty file");
            }

            for (int d = 0; d < documents.Count; d++)
            {
                var root = new InventoryNode(documents[d].RootElement, file, documents.Count > 1 ? d + 1 : 0, "$");
                ReadDocument(root, builder);
            }
        }
        finally
        {
            foreach (JsonDocument document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static void ReadDocument(InventoryNode root, InventoryBuilder builder)
    {
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Fail(Expected);
        }

        bool recognised = false;
        InventoryNode interfaces = root.Property("NetworkInterfaces");
        InventoryNode endpoints = root.Property("VpcEndpoints");
        InventoryNode subnets = root.Property("Subnets");
        if (interfaces.Kind != JsonValueKind.Undefined)
        {
            recognised = true;
            foreach (InventoryNode item in RequiredItems(interfaces))
            {
                builder.Add(InventoryEntryReader.ReadInterface(item));
            }
        }

        if (endpoints.Kind != JsonValueKind.Undefined)
        {
            recognised = true;
            foreach (InventoryNode item in RequiredItems(endpoints))
            {
                builder.Add(InventoryEntryReader.ReadEndpoint(item));
            }
        }

        if (subnets.Kind != JsonValueKind.Undefined)
        {
            recognised = true;
            foreach (InventoryNode item in RequiredItems(subnets))
            {
                builder.Add(InventoryEntryReader.ReadSubnet(item));
            }
        }

        if (!recognised)
        {
            List<string> names = root.PropertyNames();
            throw root.Fail(Expected, names.Count == 0 ? "an empty object" : "an object with keys " + string.Join(", ", names));
        }
    }

    private static List<InventoryNode> RequiredItems(InventoryNode array) =>
        array.Kind == JsonValueKind.Array ? array.Items() : throw array.Fail("an array");

    private static List<JsonDocument> Parse(string file, ReadOnlySpan<byte> utf8)
    {
        var documents = new List<JsonDocument>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                documents.Add(JsonDocument.ParseValue(ref reader));
            }
        }
        catch (JsonException e)
        {
            foreach (JsonDocument document in documents)
            {
                document.Dispose();
            }

            throw SyntaxError(file, e);
        }

        return documents;
    }

    private static InventoryFormatException SyntaxError(string file, JsonException e)
    {
        // The reader's message ends with its own 0-based " LineNumber: n | BytePositionInLine: m.";
        // keep the reason and give 1-based numbers as editors show them.
        string reason = e.Message;
        int position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position >= 0)
        {
            reason = reason[..position];
        }

        string line = ((e.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        string column = ((e.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        return new InventoryFormatException(file, null, $"{file}: invalid JSON at line {line}, byte {column}: {reason}", e);
    }
}
