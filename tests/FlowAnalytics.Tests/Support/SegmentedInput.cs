using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace FlowAnalytics.Tests.Support;

/// <summary>Builds pipe readers over text cut into chosen segments (Kestrel-style framing tests).</summary>
internal static class SegmentedInput
{
    public static PipeReader Whole(string text) => PipeReader.Create(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)));

    public static PipeReader Whole(byte[] bytes) => PipeReader.Create(new ReadOnlySequence<byte>(bytes));

    /// <summary>One sequence made of the given pieces, each placed at an offset inside a larger array.</summary>
    public static PipeReader FromSegments(IReadOnlyList<byte[]> pieces) => PipeReader.Create(Sequence(pieces));

    /// <summary>Every byte its own segment, with an empty segment after each.</summary>
    public static PipeReader OneByteSegments(byte[] bytes)
    {
        var pieces = new List<byte[]>();
        foreach (byte b in bytes)
        {
            pieces.Add([b]);
            pieces.Add([]);
        }

        return FromSegments(pieces);
    }

    /// <summary>A pipe fed one chunk at a time by a writer task, so the reader sees partial data and waits.</summary>
    public static PipeReader Trickle(byte[] bytes, int chunk)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _ = Task.Run(async () =>
        {
            for (int i = 0; i < bytes.Length; i += chunk)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });
        return pipe.Reader;
    }

    private static ReadOnlySequence<byte> Sequence(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment first = Segment.At(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, pieces[^1].Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        // Each piece sits at offset 3 of a larger array with junk around it, so code that
        // assumes a segment starts at its array's index 0 reads junk and fails.
        public static Segment At(byte[] piece, long runningIndex)
        {
            var array = new byte[piece.Length + 6];
            array.AsSpan().Fill((byte)'#');
            piece.CopyTo(array, 3);
            return new Segment { Memory = array.AsMemory(3, piece.Length), RunningIndex = runningIndex };
        }

        public Segment Append(byte[] piece)
        {
            Segment next = At(piece, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
