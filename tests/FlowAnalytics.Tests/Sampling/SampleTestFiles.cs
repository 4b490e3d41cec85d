using System.IO.Compression;
using System.Net;
using System.Text;

namespace FlowAnalytics.Tests.Sampling;

/// <summary>A fresh directory under the temp folder, deleted with everything in it on dispose.</summary>
internal sealed class SampleTempDirectory : IDisposable
{
    public SampleTempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fa-sample-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Reads generated objects back as plain lines and fields, independently of the engine's reader.</summary>
internal static class SampleTestFiles
{
    /// <summary>The lines of a gzip object, header first.</summary>
    public static List<string> ReadLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.ASCII);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Every record of the objects as field-name → value maps (using each object's header).</summary>
    public static List<Dictionary<string, string>> ReadRecords(IEnumerable<string> paths)
    {
        var records = new List<Dictionary<string, string>>();
        foreach (string path in paths)
        {
            List<string> lines = ReadLines(path);
            string[] names = lines[0].Split(' ');
            for (int i = 1; i < lines.Count; i++)
            {
                string[] values = lines[i].Split(' ');
                Assert.Equal(names.Length, values.Length);
                var record = new Dictionary<string, string>(names.Length, StringComparer.Ordinal);
                for (int f = 0; f < names.Length; f++)
                {
                    record[names[f]] = values[f];
                }

                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>True when <paramref name="address"/> lies in <paramref name="cidr"/> (IPv4 or IPv6).</summary>
    public static bool InCidr(string address, string cidr)
    {
        string[] parts = cidr.Split('/');
        byte[] network = IPAddress.Parse(parts[0]).GetAddressBytes();
        byte[] bytes = IPAddress.Parse(address).GetAddressBytes();
        int prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        if (network.Length != bytes.Length)
        {
            return false;
        }

        for (int bit = 0; bit < prefix; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (bytes[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
