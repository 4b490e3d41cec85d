using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Records;

public class FlowFieldsTests
{
    [Fact]
    public void Name_EveryField_RoundTripsThroughTryParseName()
    {
        for (int f = 0; f < FlowFields.Count; f++)
        {
            var field = (FlowField)f;
            Assert.True(FlowFields.TryParseName(FlowFields.Name(field), out FlowField parsed));
            Assert.Equal(field, parsed);
            Assert.True(FlowFields.TryParseName(FlowFields.ParquetName(field), out parsed));
            Assert.Equal(field, parsed);
        }
    }

    [Fact]
    public void Slot_FieldsOfOneKind_HaveDistinctSlotsWithinTheKindsColumnCount()
    {
        var seen = new HashSet<(FlowFieldKind, int)>();
        for (int f = 0; f < FlowFields.Count; f++)
        {
            var field = (FlowField)f;
            FlowFieldKind kind = FlowFields.Kind(field);
            if (kind is FlowFieldKind.Text or FlowFieldKind.Account)
            {
                continue;
            }

            int slot = FlowFields.Slot(field);
            int limit = kind switch
            {
                FlowFieldKind.Integer => FlowFields.IntegerCount,
                FlowFieldKind.Address => FlowFields.AddressCount,
                FlowFieldKind.ResourceId => FlowFields.ResourceIdCount,
                _ => FlowFields.WordCount,
            };
            Assert.InRange(slot, 0, limit - 1);
            Assert.True(seen.Add((kind, slot)), $"{field} shares slot {slot}");
        }
    }

    [Fact]
    public void Count_KnownFields_AreFortyAndFitAPresenceMask()
    {
        Assert.Equal(40, FlowFields.Count);
        Assert.True(FlowFields.Count <= 64);
    }

    [Theory]
    [InlineData("eni-1235b8ca123456789", "eni-")]
    [InlineData("vpc-0461a061", "vpc-")]
    [InlineData("i-00000000000000001", "i-")]
    public void ResourceIdParse_Text_FormatsBackExactly(string text, string prefix)
    {
        Assert.Equal(text, ResourceId.Parse(text, prefix).Format(prefix));
    }

    [Theory]
    [InlineData("eni-")]
    [InlineData("eni-0123456789abcdef01")]
    [InlineData("eni-12g4")]
    [InlineData("eni-+1f")]
    [InlineData("eni- 1f")]
    [InlineData("vpc-0461a061")]
    public void ResourceIdParse_NotAnIdOfThePrefix_Throws(string text)
    {
        Assert.Throws<FormatException>(() => ResourceId.Parse(text, "eni-"));
    }

    [Fact]
    public void AccountId_ShortAndPadded_KeepTheirDigits()
    {
        Assert.Equal("000000000000", AccountId.Create(0, 12).ToString());
        Assert.Equal("12345678910", AccountId.Create(12345678910, 11).ToString());
        Assert.Equal("unknown", AccountId.Unknown.ToString());
    }
}
