using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>
/// A resource-id column of a layout with its prefix as the word the vector parser compares,
/// worked out once per layout rather than switched on per record.
/// </summary>
/// <param name="Column">The column's index in the layout.</param>
/// <param name="PrefixWord">The prefix (<c>eni-</c> …) as <see cref="VectorIdParser.PrefixWord"/>.</param>
/// <param name="PrefixLength">The prefix's length in bytes.</param>
/// <param name="Remembers">
/// Whether the column goes through its memo: VPC and subnet ids repeat from record to record (a
/// flow log covers one VPC, or a few subnets), so comparing costs less than parsing. ENI and
/// instance ids change with nearly every record (a flow is logged at both of its ENIs), so the
/// compare would miss and the copy after it cost as much as the parse.
/// </param>
internal readonly record struct IdColumn(int Column, ulong PrefixWord, int PrefixLength, bool Remembers)
{
    public static IdColumn For(int column, FlowField field)
    {
        ReadOnlySpan<byte> prefix = FlowFields.IdPrefix(field);
        return new IdColumn(column, VectorIdParser.PrefixWord(prefix), prefix.Length, field is FlowField.VpcId or FlowField.SubnetId);
    }
}
