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
    }

    [Theory]
    [InlineData(FlowField.Action, "OK")]
    [InlineData(FlowField.Action, "ACCEPTED")]
    [InlineData(FlowField.Action, "REJECP")]
    [InlineData(FlowField.Action, "ACCECT")]
    [InlineData(FlowField.LogStatus, "ACCEPT")]
    [InlineData(FlowField.LogStatus, "KO")]
    [InlineData(FlowField.LogStatus, "")]
    public void Parse_WordOfAnotherFieldOrMixedUp_IsRejected(FlowField field, string text)
    {
        Assert.Equal(0, WordParser.Parse(field, Encoding.ASCII.GetBytes(text)));
    }
}
