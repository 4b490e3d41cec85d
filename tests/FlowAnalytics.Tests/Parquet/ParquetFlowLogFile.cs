using System.IO.Compression;
using FlowAnalytics.Records;
using Parquet;
using Parquet.Schema;

namespace FlowAnalytics.Tests.Parquet;

/// <summary>Writes Parquet flow logs as AWS's Parquet delivery lays them out, for the reader's tests.</summary>
internal static class ParquetFlowLogFile
{
    /// <summary>A column: its name, its stored type (int, long or string) and one value per row (null for null).</summary>
    public sealed record Column(string Name, Type Type, object?[] Values)
    {
        public static Column Int32(string name, params int?[] values) => new(name, typeof(int), values.Cast<object?>().ToArray());

        public static Column Int64(string name, params long?[] values) => new(name, typeof(long), values.Cast<object?>().ToArray());

        public static Column Text(string name, params string?[] values) => new(name, typeof(string), values);
    }

    /// <summary>Writes <paramref name="columns"/> to <paramref name="path"/>, <paramref name="rowGroupRows"/> rows per row group.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<Column> columns, int rowGroupRows = 1000, bool nullable = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        DataField[] fields = columns.Select(c => new DataField(c.Name, c.Type, nullable)).ToArray();
        int rows = columns.Count == 0 ? 0 : columns[0].Values.Length;
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        for (int first = 0; first < rows || (rows == 0 && first == 0); first += rowGroupRows)
        {
            int count = Math.Min(rowGroupRows, rows - first);
            using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
            for (int c = 0; c < columns.Count; c++)
            {
                object?[] values = columns[c].Values[first..(first + count)];
                DataField field = fields[c];
                if (columns[c].Type == typeof(string))
                {
                    await rowGroup.WriteAsync(field, values.Cast<string>().ToArray());
                }
                else if (columns[c].Type == typeof(int))
                {
                    if (nullable)
                    {
                        await rowGroup.WriteAsync<int>(field, values.Select(v => (int?)v).ToArray().AsMemory());
                    }
                    else
                    {
                        await rowGroup.WriteAsync<int>(field, values.Select(v => (int)v!).ToArray().AsMemory());
                    }
                }
                else if (nullable)
                {
                    await rowGroup.WriteAsync<long>(field, values.Select(v => (long?)v).ToArray().AsMemory());
                }
                else
                {
                    await rowGroup.WriteAsync<long>(field, values.Select(v => (long)v!).ToArray().AsMemory());
                }
            }

            if (rows == 0)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Converts a text flow log (gzip or plain, with a header line) record by record: one column per
    /// field with AWS's underscore names, <c>-</c> as null, integers as INT32 or INT64 (AWS's choice
    /// per field unless <paramref name="int64Everywhere"/>).
    /// </summary>
    public static async Task ConvertTextAsync(string textPath, string parquetPath, bool int64Everywhere = false, int rowGroupRows = 1000)
    {
        string[] lines = ReadLines(textPath).Where(l => l.Length > 0).ToArray();
        string[] header = lines[0].Split(' ');
        var values = header.Select(_ => new List<string?>()).ToArray();
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(' ');
            for (int c = 0; c < header.Length; c++)
            {
                values[c].Add(cells[c] == "-" ? null : cells[c]);
            }
        }

        var columns = new List<Column>();
        for (int c = 0; c < header.Length; c++)
        {
            Assert.True(FlowFields.TryParseName(header[c], out FlowField field), header[c]);
            string name = FlowFields.ParquetName(field);
            if (FlowFields.Kind(field) != FlowFieldKind.Integer)
            {
                columns.Add(Column.Text(name, [.. values[c]]));
            }
            else if (int64Everywhere || field is FlowField.Packets or FlowField.Bytes or FlowField.Start or FlowField.End)
            {
                columns.Add(Column.Int64(name, [.. values[c].Select(v => v is null ? (long?)null : long.Parse(v))]));
            }
            else
            {
                columns.Add(Column.Int32(name, [.. values[c].Select(v => v is null ? (int?)null : int.Parse(v))]));
            }
        }

        await WriteAsync(parquetPath, columns, rowGroupRows);
    }

    private static List<string> ReadLines(string path)
    {
        using FileStream file = File.OpenRead(path);
        bool gzip = file.ReadByte() == 0x1F;
        file.Position = 0;
        using Stream input = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
