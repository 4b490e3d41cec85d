using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Parsing;

public class WordParserTests
{
    [Theory]
    [InlineData(FlowField.Action, "ACCEPT", (byte)FlowAction.Accept)]
    [InlineData(FlowField.Action, "REJECT", (byte)FlowAction.Reject)]
    [InlineData(FlowField.LogStatus, "OK", (byte)LogStatus.Ok)]
    [InlineData(FlowField.LogStatus, "NODATA", (byte)LogStatus.NoData)]
    [InlineData(FlowField.LogStatus, "SKIPDATA", (byte)LogStatus.SkipData)]
    [InlineData(FlowField.Type, "IPv4", (byte)TrafficType.IPv4)]
    [InlineData(FlowField.Type, "IPv6", (byte)TrafficType.IPv6)]
    [InlineData(FlowField.Type, "EFA", (byte)TrafficType.Efa)]
    [InlineData(FlowField.FlowDirection, "ingress", (byte)FlowDirection.Ingress)]
    [InlineData(FlowField.FlowDirection, "egress", (byte)FlowDirection.Egress)]
    [InlineData(FlowField.SublocationType, "wavelength", (byte)SublocationType.Wavelength)]
    [InlineData(FlowField.SublocationType, "outpost", (byte)SublocationType.Outpost)]
    [InlineData(FlowField.SublocationType, "localzone", (byte)SublocationType.LocalZone)]
    public void Parse_EveryWord_GivesItsValue_AndEveryOneByteChangeIsRejected(FlowField field, string word, byte expected)
    {
        byte[] text = Encoding.ASCII.GetBytes(word);
        Assert.Equal(expected, WordParser.Parse(field, text));
        for (int i = 0; i < text.Length; i++)
        {
            byte[] changed = (byte[])text.Clone();
            changed[i] ^= 0x20;
            Assert.Equal(0, WordParser.Parse(field, changed));
        }

        Assert.Equal(0, WordParser.Parse(field, text.AsSpan(0, text.Length - 1)));
        Assert.Equal(0, WordParser.Parse(field, [.. text, (byte)'X']));

        // In place inside a line, as the run loops read it (16 bytes loaded from the start), and
        // at the very end of the line, where they may not load.
        byte[] line = Encoding.ASCII.GetBytes("x " + word + " " + new string('y', 20));
        Assert.Equal(expected, WordParser.Table(field).Find(line, 2, 2 + text.Length));
        byte[] ending = Encoding.ASCII.GetBytes("x " + word);
        Assert.Equal(expected, WordParser.Table(field).Find(ending, 2, ending.Length));
    }

    [Theory]
    [InlineData(FlowField.Action, "OK")]
    [InlineData(FlowField.Action, "ACCEPTED")]
    [InlineData(FlowField.Action, "REJECP")]
    [InlineData(FlowField.Action, "ACCECT")]
    [InlineData(FlowField.LogStatus, "ACCEPT")]
    [InlineData(FlowField.LogStatus, "KO")]
    [InlineData(FlowField.LogStatus, "")]
    [InlineData(FlowField.LogStatus, "OK\0")]
    [InlineData(FlowField.LogStatus, "OK\u0002")]
    [InlineData(FlowField.LogStatus, "OK\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0")]
    [InlineData(FlowField.Action, "ACCEPT\u0006")]
    [InlineData(FlowField.Version, "OK")]
    public void Parse_WordOfAnotherFieldOrMixedUp_IsRejected(FlowField field, string text)
    {
        Assert.Equal(0, WordParser.Parse(field, Encoding.ASCII.GetBytes(text)));
    }
}
