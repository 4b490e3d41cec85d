using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// An .ipynb file (nbformat 4): its code cells' source, their saved outputs as text, and writing new
/// outputs back. Only text outputs (<c>stream</c>, <c>text/plain</c>) are read or written.
/// </summary>
internal sealed class NotebookDocument
{
    private readonly JsonObject _root;

    private NotebookDocument(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    /// <summary>The code cells' sources, in order.</summary>
    public IReadOnlyList<string> CodeCells => [.. Cells().Select(c => Text(c["source"]))];

    public static NotebookDocument Load(string path) =>
        new(path, JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a notebook."));

    /// <summary>The saved text output of each code cell (streams, then results, joined).</summary>
    public IReadOnlyList<string> SavedOutputs() =>
        [.. Cells().Select(c => string.Concat(c["outputs"]!.AsArray().Select(o => o!["output_type"]!.GetValue<string>() == "stream" ? Text(o["text"]) : Text(o["data"]?["text/plain"]))))];

    /// <summary>Replaces every code cell's outputs: a stream for what it printed, a result for its value; numbers the cells.</summary>
    public void SetOutputs(IReadOnlyList<(string Printed, string? Result)> outputs)
    {
        List<JsonObject> cells = Cells();
        for (int i = 0; i < cells.Count; i++)
        {
            var list = new JsonArray();
            if (outputs[i].Printed.Length > 0)
            {
                list.Add(new JsonObject { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = Lines(outputs[i].Printed) });
            }

            if (outputs[i].Result is { } result)
            {
                list.Add(new JsonObject
                {
                    ["data"] = new JsonObject { ["text/plain"] = Lines(result) },
                    ["execution_count"] = i + 1,
                    ["metadata"] = new JsonObject(),
                    ["output_type"] = "execute_result",
                });
            }

            cells[i]["outputs"] = list;
            cells[i]["execution_count"] = i + 1;
        }
    }

    public void Save() =>
        File.WriteAllText(Path, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");

    private List<JsonObject> Cells() =>
        [.. _root["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => c["cell_type"]!.GetValue<string>() == "code")];

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    // nbformat stores multi-line text as a list of lines, each with its newline but the last.
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        string[] parts = text.Split('\n');
        for (int i = 0; i < parts.Length; i++)
        {
            string line = i < parts.Length - 1 ? parts[i] + "\n" : parts[i];
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
