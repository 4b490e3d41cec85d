using System.Runtime.CompilerServices;
using System.Text;
using FlowAnalytics.Records;

namespace FlowAnalytics.Parsing;

/// <summary>Recognises header lines and parses field lists given as <c>--format</c>.</summary>
public static class FlowHeader
{
    /// <summary>
    /// True when a line whose first field starts with <paramref name="firstByte"/> may be a header:
    /// field names are lower case, and records start with a digit or '-', so most lines are told
    /// by this one compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayStartWith(byte firstByte) => (uint)(firstByte - 'a') <= 'z' - 'a';

    /// <summary>
    /// True when the line is a header: its first word is a known field name and every word looks
    /// like a field name (lowercase letters, digits, hyphens). Data never starts with a field name:
    /// word values are uppercase or differ from every name, ids carry prefixes.
    /// </summary>
    public static bool IsHeader(ReadOnlySpan<byte> line)
    {
        line = line.TrimStart((byte)' ');
        if (line.IsEmpty || !MayStartWith(line[0]))
        {
            return false;
        }

        int end = line.IndexOf((byte)' ');
        if (!FlowFields.TryParseName(end < 0 ? line : line[..end], out _))
        {
            return false;
        }

        foreach (byte b in line)
        {
            if (!(b == ' ' || b == '-' || (uint)(b - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Builds the layout a header line describes; null when it repeats a field name.</summary>
    public static FlowLayout? ParseHeaderLine(ReadOnlySpan<byte> line)
    {
        var names = new List<string>();
        foreach (Range range in line.Split((byte)' '))
        {
            ReadOnlySpan<byte> name = line[range];
            if (!name.IsEmpty)
            {
                names.Add(Encoding.ASCII.GetString(name));
            }
        }

        return FlowLayout.Create(names);
    }

    /// <summary>
    /// Parses a format given by a user: AWS's <c>${version} ${account-id} …</c> syntax verbatim, or
    /// plain names separated by spaces or commas (hyphens or underscores).
    /// </summary>
    /// <exception cref="FormatException">The text names no field, repeats one, or has a broken <c>${…}</c>.</exception>
    public static FlowLayout ParseFormat(string format)
    {
        var names = new List<string>();
        foreach (string word in format.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            string name = word;
            if (name.StartsWith("${", StringComparison.Ordinal))
            {
                if (!name.EndsWith('}') || name.Length < 4)
                {
                    throw new FormatException($"Bad field '{word}' in format: expected ${{field-name}}.");
                }

                name = name[2..^1];
            }
            else if (name.Contains('$') || name.Contains('{') || name.Contains('}'))
            {
                throw new FormatException($"Bad field '{word}' in format: expected ${{field-name}} or a plain field name.");
            }

            name = FlowFields.TryParseName(name, out FlowField field) ? FlowFields.Name(field) : name.ToLowerInvariant();
            names.Add(name);
        }

        if (names.Count == 0)
        {
            throw new FormatException("The format names no fields.");
        }

        return FlowLayout.Create(names) ?? throw new FormatException("The format names a field twice.");
    }
}
