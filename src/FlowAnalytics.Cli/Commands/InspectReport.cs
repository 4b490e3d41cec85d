using System.Text.Json;
using FlowAnalytics.Parsing;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;

namespace FlowAnalytics.Cli.Commands;

/// <summary>Prints inspections as text for people or JSON for scripts.</summary>
internal static class InspectReport
{
    private static readonly string[] StatusNames = ["-", "OK", "NODATA", "SKIPDATA"];
    private static readonly string[] ActionNames = ["-", "ACCEPT", "REJECT"];

    public static void WriteText(TextWriter output, IReadOnlyList<FileInspection> inspections)
    {
        foreach (FileInspection file in inspections)
        {
            output.WriteLine(file.Path);
            output.WriteLine($"  compression: {Compression(file)}   kind: {Kind(file)}");
            foreach (FlowLayout layout in file.Layouts)
            {
                output.WriteLine($"  fields ({layout.Count}): {layout}");
            }

            output.WriteLine($"  lines: {file.Lines}   headers: {file.HeaderLines}   blank: {file.BlankLines}   records: {file.Records}   errors: {file.Errors.Total}");
            if (file.HasLogStatus)
            {
                output.WriteLine($"  log-status: OK {file.ByLogStatus[1]}   NODATA {file.ByLogStatus[2]}   SKIPDATA {file.ByLogStatus[3]}");
            }

            if (file.HasAction)
            {
                output.WriteLine($"  action: ACCEPT {file.ByAction[1]}   REJECT {file.ByAction[2]}");
            }

            foreach ((string message, long count) in file.Errors.Counts)
            {
                output.WriteLine($"  error: {message} × {count}");
            }

            foreach (FlowLineError sample in file.Errors.Samples)
            {
                output.WriteLine($"    {sample}");
            }

            if (file.Failure is not null)
            {
                output.WriteLine($"  FAILED: {file.Failure}");
            }
        }

        long records = 0, errors = 0, lines = 0;
        int failed = 0;
        foreach (FileInspection file in inspections)
        {
            records += file.Records;
            errors += file.Errors.Total;
            lines += file.Lines;
            failed += file.Failure is null ? 0 : 1;
        }

        output.WriteLine($"total: {inspections.Count} files ({failed} failed), {lines} lines, {records} records, {errors} errors");
    }

    public static void WriteJson(Stream output, IReadOnlyList<FileInspection> inspections)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (FileInspection file in inspections)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("compression", Compression(file));
            json.WriteString("kind", Kind(file));
            json.WriteStartArray("fields");
            if (file.Layouts.Count > 0)
            {
                foreach (FlowColumn column in file.Layouts[0].Columns)
                {
                    json.WriteStringValue(column.Name);
                }
            }

            json.WriteEndArray();
            json.WriteNumber("layouts", file.Layouts.Count);
            WriteCounts(json, [file]);
            json.WriteStartArray("error_samples");
            foreach (FlowLineError sample in file.Errors.Samples)
            {
                json.WriteStartObject();
                json.WriteNumber("line", sample.LineNumber);
                json.WriteString("reason", sample.Message);
                json.WriteString("excerpt", sample.Excerpt);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (file.Failure is null)
            {
                json.WriteNull("failure");
            }
            else
            {
                json.WriteString("failure", file.Failure);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("total");
        json.WriteNumber("files", inspections.Count);
        int failed = 0;
        foreach (FileInspection file in inspections)
        {
            failed += file.Failure is null ? 0 : 1;
        }

        json.WriteNumber("failed_files", failed);
        WriteCounts(json, inspections);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    private static void WriteCounts(Utf8JsonWriter json, IReadOnlyList<FileInspection> files)
    {
        long lines = 0, headers = 0, blank = 0, records = 0, errorTotal = 0;
        var status = new long[4];
        var action = new long[3];
        bool hasStatus = false, hasAction = false;
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (FileInspection file in files)
        {
            lines += file.Lines;
            headers += file.HeaderLines;
            blank += file.BlankLines;
            records += file.Records;
            errorTotal += file.Errors.Total;
            hasStatus |= file.HasLogStatus;
            hasAction |= file.HasAction;
            for (int i = 0; i < status.Length; i++)
            {
                status[i] += file.ByLogStatus[i];
            }

            for (int i = 0; i < action.Length; i++)
            {
                action[i] += file.ByAction[i];
            }

            foreach ((string message, long count) in file.Errors.Counts)
            {
                errors[message] = errors.GetValueOrDefault(message) + count;
            }
        }

        json.WriteNumber("lines", lines);
        json.WriteNumber("header_lines", headers);
        json.WriteNumber("blank_lines", blank);
        json.WriteNumber("records", records);
        WriteTally(json, "log_status", hasStatus, status, StatusNames);
        WriteTally(json, "action", hasAction, action, ActionNames);
        json.WriteNumber("error_count", errorTotal);
        json.WriteStartObject("errors");
        foreach ((string message, long count) in errors)
        {
            json.WriteNumber(message, count);
        }

        json.WriteEndObject();
    }

    private static void WriteTally(Utf8JsonWriter json, string name, bool present, long[] counts, string[] names)
    {
        if (!present)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        for (int i = 1; i < counts.Length; i++)
        {
            json.WriteNumber(names[i], counts[i]);
        }

        if (counts[0] > 0)
        {
            json.WriteNumber("null", counts[0]);
        }

        json.WriteEndObject();
    }

    private static string Compression(FileInspection file) => file.Compression == Sources.FlowLogCompression.Gzip ? "gzip" : "none";

    private static string Kind(FileInspection file)
    {
        foreach (FlowLayout layout in file.Layouts)
        {
            if (layout.Kind == FlowLogKind.TransitGateway)
            {
                return "transit-gateway";
            }
        }

        return "vpc-flow-log";
    }
}
