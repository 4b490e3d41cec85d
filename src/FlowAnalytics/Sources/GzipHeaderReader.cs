namespace FlowAnalytics.Sources;

/// <summary>
/// Reads a gzip member's header (RFC 1952 §2.3) as its bytes arrive, in pieces of any size, so that
/// ISA-L inflates only the deflate data and checks the trailer. ISA-L's own header reading loses
/// the header's CRC when a header spans two reads, and accepts reserved flag bits; this reader
/// rejects what zlib rejects: a wrong magic or method, reserved flags, a header CRC that does not
/// match the header.
/// </summary>
internal struct GzipHeaderReader
{
    private const byte HeaderCrcFlag = 2;
    private const byte ExtraFlag = 4;
    private const byte NameFlag = 8;
    private const byte CommentFlag = 16;
    private const byte ReservedFlags = 0xE0;
    private const int FixedBytes = 10;

    private static readonly uint[] CrcTable = CreateCrcTable();

    private Part _part;
    private int _position;
    private int _remaining;
    private byte _flags;
    private ushort _storedCrc;

    // The CRC-32 of the header so far, complemented as it is stored (so a default reader starts
    // the register at all ones).
    private uint _crc;

    private enum Part : byte
    {
        Fixed,
        ExtraLength,
        Extra,
        Name,
        Comment,
        HeaderCrc,
        Done,
    }

    /// <summary>True once the whole header has been read and checked.</summary>
    public readonly bool IsComplete => _part == Part.Done;

    /// <summary>Makes the reader ready for the next member's header.</summary>
    public void Reset() => this = default;

    /// <summary>Reads header bytes from the start of <paramref name="input"/> and returns how many it used.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a gzip member header zlib would accept.</exception>
    public int Read(ReadOnlySpan<byte> input)
    {
        int used = 0;
        while (used < input.Length && _part != Part.Done)
        {
            byte b = input[used++];
            if (_part == Part.HeaderCrc)
            {
                _storedCrc |= (ushort)(b << (8 * _position++));
                if (_position == 2)
                {
                    if (_storedCrc != (ushort)_crc)
                    {
                        throw new InvalidDataException("the gzip header's CRC does not match the header");
                    }

                    _part = Part.Done;
                }

                continue;
            }

            _crc = CrcTable[(byte)(_crc ^ ~0u ^ b)] ^ ((_crc ^ ~0u) >> 8) ^ ~0u;
            switch (_part)
            {
                case Part.Fixed:
                    ReadFixed(b);
                    break;
                case Part.ExtraLength:
                    _remaining |= b << (8 * _position++);
                    if (_position == 2)
                    {
                        _part = _remaining > 0 ? Part.Extra : Next(Part.ExtraLength);
                    }

                    break;
                case Part.Extra:
                    if (--_remaining == 0)
                    {
                        _part = Next(Part.Extra);
                    }

                    break;
                case Part.Name or Part.Comment:
                    if (b == 0)
                    {
                        _part = Next(_part);
                    }

                    break;
            }
        }

        return used;
    }

    private void ReadFixed(byte b)
    {
        switch (_position)
        {
            case 0 when b != 0x1F:
            case 1 when b != 0x8B:
                throw new InvalidDataException("not a gzip member header");
            case 2 when b != 8:
                throw new InvalidDataException("unknown compression method in a gzip member header");
            case 3 when (b & ReservedFlags) != 0:
                throw new InvalidDataException("reserved flags set in a gzip member header");
            case 3:
                _flags = b;
                break;
        }

        if (++_position == FixedBytes)
        {
            _part = Next(Part.Fixed);
        }
    }

    // The part after `done` that this header has, in RFC 1952's order.
    private Part Next(Part done)
    {
        _position = 0;
        _remaining = 0;
        if (done < Part.ExtraLength && (_flags & ExtraFlag) != 0)
        {
            return Part.ExtraLength;
        }

        if (done < Part.Name && (_flags & NameFlag) != 0)
        {
            return Part.Name;
        }

        if (done < Part.Comment && (_flags & CommentFlag) != 0)
        {
            return Part.Comment;
        }

        return (_flags & HeaderCrcFlag) != 0 ? Part.HeaderCrc : Part.Done;
    }

    // CRC-32 (IEEE, reflected), as gzip's FHCRC uses: the low 16 bits of the header's CRC-32.
    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
