using FlowAnalytics.Cli.Commands;

namespace FlowAnalytics.Tests.Cli;

public sealed class ErrorLimitTests
{
    [Theory]
    [InlineData("100", 100L, null)]
    [InlineData("0", 0L, null)]
    [InlineData(" 7 ", 7L, null)]
    [InlineData("1", 1L, null)]
    [InlineData("0.5%", null, 0.005)]
    [InlineData("26%", null, 0.26)]
    [InlineData("0%", null, 0.0)]
    [InlineData("100%", null, 1.0)]
    [InlineData("0.005", null, 0.005)]
    [InlineData("0.0", null, 0.0)]
    [InlineData(".25", null, 0.25)]
    public void Parse_Valid_CountOrShare(string text, long? count, double? share)
    {
        Assert.Equal(new ErrorLimit(count, share), ErrorLimit.Parse(text));
    }

    [Fact]
    public void Parse_Null_NoLimit()
    {
        ErrorLimit limit = ErrorLimit.Parse(null);

        Assert.Equal(new ErrorLimit(null, null), limit);
        Assert.False(limit.IsExceeded(long.MaxValue, 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("-5%")]
    [InlineData("%")]
    [InlineData("1.5")]     // neither a whole count nor a fraction below 1
    [InlineData("1e3")]
    [InlineData("+5")]
    [InlineData("5%%")]
    public void Parse_Invalid_FormatExceptionNamingTheValue(string text)
    {
        FormatException e = Assert.Throws<FormatException>(() => ErrorLimit.Parse(text));

        Assert.Equal($"--max-errors '{text}' is neither a count (100), a fraction (0.005) nor a percentage (0.5%).", e.Message);
    }

    [Theory]
    [InlineData("4", 4, 15, false)]
    [InlineData("4", 5, 15, true)]
    [InlineData("0", 0, 15, false)]
    [InlineData("0", 1, 15, true)]
    [InlineData("26%", 4, 15, true)]     // 26.7% > 26%
    [InlineData("27%", 4, 15, false)]
    [InlineData("25%", 1, 4, false)]     // exactly the share: not over it
    [InlineData("0.25", 1, 4, false)]
    [InlineData("0.25", 2, 4, true)]
    [InlineData("0%", 0, 0, false)]      // no lines at all
    [InlineData("0%", 1, 0, false)]
    public void IsExceeded_RejectedAndLines_TrueOnlyAboveTheLimit(string limit, long rejected, long lines, bool expected)
    {
        Assert.Equal(expected, ErrorLimit.Parse(limit).IsExceeded(rejected, lines));
    }
}
