using System.Globalization;
using System.Text.Json;
using FlowAnalytics.Records;

namespace FlowAnalytics.Inventory;

/// <summary>
/// A JSON value of an inventory file together with where it is (file, document, JSON path), so
/// every typed read can fail with a message that says exactly where and what was expected.
/// A missing property is a node too (kind <see cref="JsonValueKind.Undefined"/>), which keeps
/// optional and required reads one code path.
/// </summary>
internal readonly struct InventoryNode
{
    private const int MaxExcerpt = 60;
    private readonly JsonElement _element;
    private readonly string _file;
    private readonly int _document;

    /// <summary>Creates the root node of one JSON document.</summary>
    /// <param name="element">The value.</param>
    /// <param name="file">The file as the user named it.</param>
    /// <param name="document">The 1-based document number within a file of several concatenated documents, or 0 when the file holds one.</param>
    /// <param name="path">The JSON path of the value.</param>
    public InventoryNode(JsonElement element, string file, int document, string path)
    {
        _element = element;
        _file = file;
        _document = document;
        Path = path;
    }

    /// <summary>The JSON path (<c>$.NetworkInterfaces[3].PrivateIpAddress</c>).</summary>
    public string Path { get; }

    /// <summary>The value's kind; <see cref="JsonValueKind.Undefined"/> for a missing property.</summary>
    public JsonValueKind Kind => _element.ValueKind;

    /// <summary>True for a missing property or JSON null, both of which mean "not said".</summary>
    public bool IsAbsent => Kind is JsonValueKind.Undefined or JsonValueKind.Null;

    /// <summary>The property <paramref name="name"/> of this object (absent when missing).</summary>
    public InventoryNode Property(string name)
    {
        JsonElement child = Kind == JsonValueKind.Object && _element.TryGetProperty(name, out JsonElement value) ? value : default;
        return new InventoryNode(child, _file, _document, Path + "." + name);
    }

    /// <summary>The names of this object's properties, in document order.</summary>
    public List<string> PropertyNames()
    {
        var names = new List<string>();
        foreach (JsonProperty property in _element.EnumerateObject())
        {
            names.Add(property.Name);
        }

        return names;
    }

    /// <summary>The items of this array; an absent value has none. Fails for anything but an array.</summary>
    public List<InventoryNode> Items()
    {
        var items = new List<InventoryNode>();
        if (IsAbsent)
        {
            return items;
        }

        if (Kind != JsonValueKind.Array)
        {
            throw Fail("an array");
        }

        int index = 0;
        foreach (JsonElement item in _element.EnumerateArray())
        {
            items.Add(new InventoryNode(item, _file, _document, Path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]"));
            index++;
        }

        return items;
    }

    /// <summary>Fails unless this is an object.</summary>
    public void ExpectObject()
    {
        if (Kind != JsonValueKind.Object)
        {
            throw Fail("an object");
        }
    }

    /// <summary>The string value, or null when absent; fails for other kinds.</summary>
    public string? OptionalString() =>
        IsAbsent ? null : Kind == JsonValueKind.String ? _element.GetString() : throw Fail("a string");

    /// <summary>A resource id such as <c>subnet-0abc…</c> (null when absent), validated as <paramref name="prefix"/> and 1–17 hex digits.</summary>
    public string? OptionalId(string prefix, string expected)
    {
        string? text = OptionalString();
        if (text is not null && !IsResourceId(text, prefix))
        {
            throw Fail(expected);
        }

        return text;
    }

    /// <summary>A resource id that must be present.</summary>
    public string RequiredId(string prefix, string expected) => OptionalId(prefix, expected) ?? throw Fail(expected);

    /// <summary>An account id (12 digits), or null when absent.</summary>
    public string? OptionalAccount()
    {
        string? text = OptionalString();
        if (text is not null && (text.Length != AccountId.MaxDigits || !IsDigits(text)))
        {
            throw Fail("an account id (12 digits)");
        }

        return text;
    }

    /// <summary>An IPv4 address (dotted quad), or null when absent.</summary>
    public FlowAddress? OptionalIPv4()
    {
        string? text = OptionalString();
        return text is null ? null : AddressText.TryParseIPv4(text, out FlowAddress address) ? address : throw Fail("an IPv4 address");
    }

    /// <summary>An IPv6 address that must be present.</summary>
    public FlowAddress RequiredIPv6()
    {
        string? text = OptionalString();
        return text is not null && AddressText.TryParseIPv6(text, out FlowAddress address) ? address : throw Fail("an IPv6 address");
    }

    /// <summary>A CIDR block of the given family, or null when absent.</summary>
    public CidrBlock? OptionalCidr(bool ipv4)
    {
        string? text = OptionalString();
        if (text is null)
        {
            return null;
        }

        return CidrBlock.TryParse(text, out CidrBlock block) && block.IsIPv4 == ipv4 ? block : throw Fail(CidrExpectation(ipv4));
    }

    /// <summary>What a CIDR field must hold, as error messages say it.</summary>
    public static string CidrExpectation(bool ipv4) =>
        ipv4 ? "an IPv4 CIDR block (a.b.c.d/n, host bits zero)" : "an IPv6 CIDR block (address/n, host bits zero)";

    /// <summary>The error for this place: <c>file: $.path: expected …, found …</c>.</summary>
    public InventoryFormatException Fail(string expected, string? found = null) =>
        new(_file, Path, $"{SourceName(_file, _document)}: {Path}: expected {expected}, found {found ?? Describe(_element)}");

    /// <summary>The file's name in messages, with the document number when the file holds several.</summary>
    public static string SourceName(string file, int document) =>
        document > 0 ? $"{file} (document {document.ToString(CultureInfo.InvariantCulture)})" : file;

    private static string Describe(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined:
                return "nothing";
            case JsonValueKind.Object:
                return "an object";
            case JsonValueKind.Array:
                return "an array";
            default:
                string raw = element.GetRawText();
                return raw.Length <= MaxExcerpt ? raw : string.Concat(raw.AsSpan(0, MaxExcerpt), "…");
        }
    }

    private static bool IsResourceId(string text, string prefix)
    {
        int digits = text.Length - prefix.Length;
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || digits is < 1 or > ResourceId.MaxDigits)
        {
            return false;
        }

        for (int i = prefix.Length; i < text.Length; i++)
        {
            if (!char.IsAsciiHexDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
