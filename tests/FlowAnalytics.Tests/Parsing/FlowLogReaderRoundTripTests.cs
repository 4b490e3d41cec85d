using System.Net;
using System.Text;
using FlowAnalytics.Records;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.Parsing;

/// <summary>
/// Random records written in a random field order under a header, read back and compared field by
/// field. Each seed picks a different subset of fields, so the integer columns come in counts
/// that fill the parser's groups of four exactly and that leave its last group padded.
/// </summary>
public class FlowLogReaderRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task ReadBatchAsync_RandomRecordsInRandomFieldOrder_ReadBackExactly(int seed)
    {
        var random = new Random(seed);
        var fields = new List<FlowField>();
        for (int f = 0; f < FlowFields.Count; f++)
        {
            if (random.Next(4) != 0)
            {
                fields.Add((FlowField)f);
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fields));
        var text = new StringBuilder();
        text.AppendJoin(' ', fields.Select(FlowFields.Name)).Append('\n');
        var expected = new List<string>();
        for (int n = 0; n < 2000; n++)
        {
            var line = new List<string>();
            var described = new StringBuilder().Append(n + 2).Append(':');
            foreach (FlowField field in fields)
            {
                (string written, string read) = RandomValue(random, field);
                line.Add(written);
                described.Append(' ').Append(FlowFields.Name(field)).Append('=').Append(read);
            }

            text.AppendJoin(random.Next(10) == 0 ? "  " : " ", line).Append(random.Next(5) == 0 ? "\r\n" : "\n");
            expected.Add(described.ToString());
        }

        ReadResultSummary result = await ReadResultSummary.ReadAsync(SegmentedInput.Whole(text.ToString()), batchCapacity: 128);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Records);
    }

    private static (string Written, string Read) RandomValue(Random random, FlowField field)
    {
        if (random.Next(8) == 0)
        {
            return ("-", "-");
        }

        switch (FlowFields.Kind(field))
        {
            case FlowFieldKind.Integer:
                long max = FlowFields.MaxValue(field);
                long value = random.Next(3) == 0 ? max : random.NextInt64(max == long.MaxValue ? long.MaxValue : max + 1);
                return (value.ToString(), value.ToString());
            case FlowFieldKind.Address:
                IPAddress address = random.Next(2) == 0
                    ? new IPAddress(random.NextInt64(0, 1L << 32))
                    : new IPAddress(RandomIPv6(random));
                string shown = address.ToString();
                // IPv4-mapped IPv6 is the same address as the IPv4 one and reads back dotted.
                return (shown, address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : shown);
            case FlowFieldKind.ResourceId:
                string prefix = Encoding.ASCII.GetString(FlowFields.IdPrefix(field));
                int digits = random.Next(1, 18);
                var hex = new StringBuilder(prefix);
                for (int i = 0; i < digits; i++)
                {
                    hex.Append("0123456789abcdef"[random.Next(16)]);
                }

                return (hex.ToString(), hex.ToString());
            case FlowFieldKind.Account:
                if (random.Next(10) == 0)
                {
                    return ("unknown", "unknown");
                }

                string account = random.NextInt64(1_000_000_000_000).ToString("D12");
                return (account, account);
            case FlowFieldKind.Word:
                return field switch
                {
                    FlowField.Action => Pick(random, ("ACCEPT", "Accept"), ("REJECT", "Reject")),
                    FlowField.LogStatus => Pick(random, ("OK", "Ok"), ("NODATA", "NoData"), ("SKIPDATA", "SkipData")),
                    FlowField.Type => Pick(random, ("IPv4", "IPv4"), ("IPv6", "IPv6"), ("EFA", "Efa")),
                    FlowField.FlowDirection => Pick(random, ("ingress", "Ingress"), ("egress", "Egress")),
                    _ => Pick(random, ("wavelength", "Wavelength"), ("outpost", "Outpost"), ("localzone", "LocalZone")),
                };
            default:
                string word = "t" + random.Next(1_000_000) + (random.Next(2) == 0 ? ":arn/é" : "");
                return (word, word);
        }
    }

    private static byte[] RandomIPv6(Random random)
    {
        byte[] bytes = new byte[16];
        random.NextBytes(bytes);
        // Runs of zero groups make the compressed '::' forms appear.
        for (int g = random.Next(8); g < 8 && random.Next(2) == 0; g++)
        {
            bytes[2 * g] = 0;
            bytes[2 * g + 1] = 0;
        }

        return bytes;
    }

    private static (string, string) Pick(Random random, params (string, string)[] choices) => choices[random.Next(choices.Length)];
}
