using System.IO.Pipelines;
using System.Text;
using FlowAnalytics.Parsing;
using FlowAnalytics.Records;

namespace FlowAnalytics.Tests.Support;

/// <summary>Everything a reader produced from an input, flattened to comparable text.</summary>
internal sealed record ReadResultSummary(IReadOnlyList<string> Records, IReadOnlyList<string> Errors, long Lines)
{
    public static async Task<ReadResultSummary> ReadAsync(PipeReader input, FlowLayout? layout = null, int batchCapacity = 3)
    {
        var options = new FlowLogReaderOptions { Layout = layout ?? FlowLayout.Default, Errors = new FlowErrorLog(int.MaxValue) };
        await using var reader = new FlowLogReader(input, options);
        var batch = new FlowRecordBatch(batchCapacity);
        var records = new List<string>();
        while (await reader.ReadBatchAsync(batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                records.Add(Describe(batch, i));
            }
        }

        var errors = new List<string>();
        foreach (FlowLineError error in reader.Errors.Samples)
        {
            errors.Add($"{error.LineNumber}: {error.Message}");
        }

        return new ReadResultSummary(records, errors, reader.Lines);
    }

    /// <summary>A record as "line: field=value …" in layout order, "-" for null.</summary>
    public static string Describe(FlowRecordBatch batch, int row)
    {
        FlowRecordView record = batch[row];
        var text = new StringBuilder().Append(record.LineNumber).Append(':');
        ReadOnlySpan<FlowColumn> columns = batch.Layout.Columns;
        for (int c = 0; c < columns.Length; c++)
        {
            text.Append(' ').Append(columns[c].Name).Append('=').Append(Value(record, columns[c], c));
        }

        return text.ToString();
    }

    public static string Value(FlowRecordView record, FlowColumn column, int index)
    {
        if (column.Kind == FlowFieldKind.Text)
        {
            return record.TextString(column.Name) ?? "-";
        }

        if (!record.Has(column.Field))
        {
            return "-";
        }

        return column.Kind switch
        {
            FlowFieldKind.Integer => record.Integer(column.Field)!.Value.ToString(),
            FlowFieldKind.Address => record.Address(column.Field)!.Value.ToString(),
            FlowFieldKind.ResourceId => record.ResourceId(column.Field)!.Value.Format(Encoding.ASCII.GetString(FlowFields.IdPrefix(column.Field))),
            FlowFieldKind.Account => record.AccountId!.Value.ToString(),
            _ => column.Field switch
            {
                FlowField.Action => record.Action.ToString()!,
                FlowField.LogStatus => record.LogStatus.ToString()!,
                FlowField.Type => record.Type.ToString()!,
                FlowField.FlowDirection => record.FlowDirection.ToString()!,
                _ => record.SublocationType.ToString()!,
            },
        };
    }
}
