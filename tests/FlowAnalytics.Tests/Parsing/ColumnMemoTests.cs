using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Parsing;

public class ColumnMemoTests
{
    [Fact]
    public void Matches_EveryLengthAndEveryChangedByte_ComparesTheWholeText()
    {
        for (int length = 0; length <= ColumnMemo.MaxLength; length++)
        {
            byte[] text = new byte[length];
            for (int i = 0; i < length; i++)
            {
                text[i] = (byte)('a' + (i % 26));
            }

            var memo = default(ColumnMemo);
            memo.Clear();
            memo.Remember(text, new Bits128(1, (ulong)length));

            Assert.True(memo.Matches((byte[])text.Clone()), $"length {length}");
            Assert.Equal(new Bits128(1, (ulong)length), memo.Value);
            for (int i = 0; i < length; i++)
            {
                byte[] changed = (byte[])text.Clone();
                changed[i] ^= 0x01;
                Assert.False(memo.Matches(changed), $"length {length}, byte {i}");
            }

            // Same leading bytes, one more or one fewer.
            byte[] longer = [.. text, (byte)'z'];
            Assert.False(memo.Matches(longer), $"length {length} + 1");
            if (length > 0)
            {
                Assert.False(memo.Matches(text.AsSpan(0, length - 1)), $"length {length} - 1");
            }
        }
    }

    [Fact]
    public void Matches_AfterClearOrAfterTextTooLongToKeep_IsFalse()
    {
        byte[] id = "eni-0123456789abcdef0"u8.ToArray();
        var memo = default(ColumnMemo);
        memo.Remember(id, new Bits128(0, 7));
        memo.Clear();
        Assert.False(memo.Matches(id));

        byte[] tooLong = new byte[ColumnMemo.MaxLength + 1];
        memo.Remember(tooLong, new Bits128(0, 8));
        Assert.False(memo.Matches(tooLong));
        Assert.Equal(new Bits128(0, 8), memo.Value);
    }
}
