using FlowAnalytics.Aggregation;
using Parquet.Schema;

namespace FlowAnalytics.Parquet;

/// <summary>
/// The mapping between <see cref="SummaryColumnType"/> and Parquet fields, in one place so the writer
/// and the reader cannot drift apart. Every column is written optional (nullable).
/// </summary>
internal static class SummaryParquetSchema
{
    /// <summary>Key of the file metadata entry that carries <see cref="SummaryTable.Name"/>.</summary>
    internal const string TableNameMetadataKey = "flowanalytics.table";

    /// <summary>The Parquet field a column of <paramref name="type"/> is written as.</summary>
    internal static DataField CreateField(string name, SummaryColumnType type) => type switch
    {
        // A real TIMESTAMP(isAdjustedToUTC=true, MICROS) logical type, never legacy INT96.
        SummaryColumnType.Timestamp => new DateTimeDataField(
            name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        SummaryColumnType.Int64 => new DataField<long?>(name),
        SummaryColumnType.Double => new DataField<double?>(name),
        SummaryColumnType.String => new DataField<string>(name, nullable: true),
        SummaryColumnType.Binary => new DataField<byte[]>(name, nullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Column {name} has an unknown type."),
    };

    /// <summary>The Parquet schema of <paramref name="table"/>, with one field per column in order.</summary>
    internal static DataField[] CreateFields(SummaryTable table)
    {
        var fields = new DataField[table.Columns.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            SummaryColumn column = table.Columns[i];
            fields[i] = CreateField(column.Name, column.Type);
        }

        return fields;
    }

    /// <summary>
    /// The column type a field of a file is read as. Only the types this project writes are known;
    /// anything else (nested, repeated, INT32, FLOAT, decimals, …) is refused with the column named.
    /// </summary>
    internal static SummaryColumnType ToColumnType(DataField field, string source)
    {
        if (field.IsArray || field.Path.Length != 1)
        {
            throw new InvalidDataException($"{source}: column {field.Name} is nested or repeated; summary tables are flat.");
        }

        Type clrType = field.ClrType;
        if (clrType == typeof(DateTime))
        {
            return SummaryColumnType.Timestamp;
        }

        if (clrType == typeof(long))
        {
            return SummaryColumnType.Int64;
        }

        if (clrType == typeof(double))
        {
            return SummaryColumnType.Double;
        }

        if (clrType == typeof(string) || clrType == typeof(ReadOnlyMemory<char>))
        {
            return SummaryColumnType.String;
        }

        if (clrType == typeof(byte[]) || clrType == typeof(ReadOnlyMemory<byte>))
        {
            return SummaryColumnType.Binary;
        }

        throw new InvalidDataException($"{source}: column {field.Name} has type {clrType.Name}, which is not a summary column type.");
    }
}
