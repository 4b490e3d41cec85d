using System.IO.Compression;
using System.Text;
using FlowAnalytics.Tests.Attribution;

namespace FlowAnalytics.Tests.Pipeline;

/// <summary>
/// A temp bucket of four small gzip objects with AWS key names (delivery times 08:05–08:20 UTC on
/// 2027-01-15): a good one, one whose gzip is corrupt in the middle of its data, one with bad
/// lines, and an empty one. Plus the inventory files under <c>inventory/</c>.
/// </summary>
internal sealed class FlowLogBucket : IDisposable
{
    /// <summary>2027-01-15T08:00:00Z.</summary>
    public const long W = 1_800_000_000;

    public const string Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    /// <summary>The ENI whose records fill the corrupt object and nothing else.</summary>
    public const string CorruptEni = "eni-0dead0000000000d1";

    /// <summary>Records in the corrupt object: far more than a batch, so batches are staged before the failure.</summary>
    public const int CorruptRecords = 10_000;

    private const string Prefix = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2027/01/15/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_";

    public FlowLogBucket()
    {
        Root = Path.Combine(Path.GetTempPath(), "flowanalytics-bucket-" + Guid.NewGuid().ToString("N"));
        Logs = Path.Combine(Root, "logs");
        Directory.CreateDirectory(Path.Combine(Root, "inventory"));
        InventoryFiles = AttributionInventory.WriteTo(Path.Combine(Root, "inventory"));

        Good = Write("20270115T0805Z_0000000a.log.gz", Gzip(GoodText));
        Corrupt = Write("20270115T0810Z_0000000b.log.gz", Corrupted(Gzip(CorruptText())));
        BadLines = Write("20270115T0815Z_0000000c.log.gz", Gzip(BadLinesText));
        Empty = Write("20270115T0820Z_0000000d.log.gz", Gzip(""));
    }

    public string Root { get; }

    /// <summary>The folder holding the four objects (as <c>--source</c>).</summary>
    public string Logs { get; }

    public string[] InventoryFiles { get; }

    public string Good { get; }

    public string Corrupt { get; }

    public string BadLines { get; }

    public string Empty { get; }

    /// <summary>The objects in listing (ordinal path) order.</summary>
    public string[] Objects => [Good, Corrupt, BadLines, Empty];

    /// <summary>Six endpoint records, starts W … W+50 (every 10 s), from three clients.</summary>
    public static readonly string GoodText = Lines(
        Header,
        $"2 111122223333 {AttributionInventory.EndpointEni} 10.1.2.50 10.2.3.10 40001 443 6 10 1000 {W} {W + 5} ACCEPT OK",
        $"2 111122223333 {AttributionInventory.EndpointEni} 10.2.3.10 10.1.2.50 443 40001 6 8 6000 {W + 10} {W + 15} ACCEPT OK",
        $"2 111122223333 {AttributionInventory.EndpointEni} 10.1.7.7 10.2.3.10 40002 443 6 3 180 {W + 20} {W + 25} REJECT OK",
        $"2 111122223333 {AttributionInventory.EndpointEni} 10.1.2.60 10.2.3.10 40003 443 6 4 400 {W + 30} {W + 95} ACCEPT OK",
        $"2 111122223333 {AttributionInventory.EndpointEni} 10.1.2.50 10.2.3.10 40004 443 6 2 120 {W + 40} {W + 45} ACCEPT OK",
        $"2 111122223333 {AttributionInventory.EndpointEni} - - - - - - - {W + 50} {W + 110} - NODATA");

    /// <summary>Three good records (starts W+100 … W+300) and four bad lines on lines 3, 5, 7, 8.</summary>
    public static readonly string BadLinesText = Lines(
        Header,
        $"2 111122223333 {AttributionInventory.ClientEni} 10.1.2.50 10.2.3.10 40010 443 6 5 500 {W + 100} {W + 101} ACCEPT OK",
        BadTooFew1,
        $"2 111122223333 {AttributionInventory.ClientEni} 10.1.2.50 10.2.3.10 40011 443 6 6 600 {W + 200} {W + 201} ACCEPT OK",
        BadBytes,
        $"2 111122223333 {AttributionInventory.EndpointEni} 10.1.2.50 10.2.3.10 40012 443 6 7 700 {W + 300} {W + 301} ACCEPT OK",
        BadAddress,
        BadTooFew2);

    public const string BadTooFew1 = "2 111122223333 eni-0c00000000000c101 10.1.2.50";
    public const string BadBytes = "2 111122223333 eni-0c00000000000c101 10.1.2.50 10.2.3.10 40013 443 6 5 5x0 1800000100 1800000101 ACCEPT OK";
    public const string BadAddress = "2 111122223333 eni-0c00000000000c101 10.1.2.500 10.2.3.10 40014 443 6 5 500 1800000100 1800000101 ACCEPT OK";
    public const string BadTooFew2 = "2 111122223333";

    public static string Key(string name) => Prefix + name;

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static string CorruptText()
    {
        var text = new StringBuilder(Header).Append('\n');
        var random = new Random(5);
        for (int i = 0; i < CorruptRecords; i++)
        {
            // Varied numbers so the deflate stream is long enough to damage in its middle.
            text.Append($"2 111122223333 {CorruptEni} 10.1.{random.Next(256)}.{random.Next(256)} 10.2.3.10 {random.Next(1024, 65535)} 443 6 {random.Next(1, 999)} {random.Next(40, 999999)} {W + random.Next(300)} {W + 300 + random.Next(60)} ACCEPT OK\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Overwrites 64 bytes in the middle of the deflate data. Inflating may go on producing garbage
    /// lines for a while; the damage is detected mid-stream or, at the latest, by the gzip CRC at the end.
    /// </summary>
    private static byte[] Corrupted(byte[] gzip)
    {
        int middle = gzip.Length / 2;
        for (int i = middle; i < middle + 64; i++)
        {
            gzip[i] = 0xFF;
        }

        return gzip;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Logs, Key(name));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";
}
