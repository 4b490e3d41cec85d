using FlowAnalytics.Parquet;

namespace FlowAnalytics.Tests.Parquet;

public sealed class AtomicFileTests
{
    [Fact]
    public async Task WriteAsync_NewPath_CreatesDirectoryAndFile()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "a", "b", "file.bin");

        long length = await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(new byte[] { 1, 2, 3 }, token).AsTask());

        Assert.Equal(3, length);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(path));
        Assert.Equal(["a/b/file.bin"], root.RelativeFiles());
    }

    [Fact]
    public async Task WriteAsync_ExistingFile_ReplacesIt()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "file.bin");
        await File.WriteAllBytesAsync(path, [9, 9, 9, 9, 9]);

        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(new byte[] { 1 }, token).AsTask());

        Assert.Equal([1], await File.ReadAllBytesAsync(path));
        Assert.Equal(["file.bin"], root.RelativeFiles());
    }

    [Fact]
    public async Task WriteAsync_ContentThrowsAfterWriting_KeepsTargetAndDeletesTempFile()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "file.bin");
        await File.WriteAllBytesAsync(path, [9]);
        string? tempSeen = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[1000], token);
            await stream.FlushAsync(token);
            tempSeen = Assert.Single(root.FilesStartingWith(AtomicFile.TempFilePrefix));
            throw new InvalidOperationException("boom");
        }));

        Assert.NotNull(tempSeen);
        Assert.False(tempSeen.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Equal([9], await File.ReadAllBytesAsync(path));
        Assert.Equal(["file.bin"], root.RelativeFiles());
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileWriting_KeepsTargetAndDeletesTempFile()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "file.bin");
        await File.WriteAllBytesAsync(path, [9]);
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(
            path,
            async (stream, token) =>
            {
                await stream.WriteAsync(new byte[1000], token);
                await cancellation.CancelAsync();
            },
            cancellation.Token));

        Assert.Equal([9], await File.ReadAllBytesAsync(path));
        Assert.Equal(["file.bin"], root.RelativeFiles());
    }

    [Fact]
    public async Task StageAsync_DisposedWithoutCommit_LeavesTargetsAndNoTempFile()
    {
        using var root = new TempDirectory();
        string first = Path.Combine(root.Path, "x=1", "file.bin");
        string second = Path.Combine(root.Path, "x=2", "file.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(first)!);
        await File.WriteAllBytesAsync(first, [9]);

        using (StagedFile a = await AtomicFile.StageAsync(first, (stream, token) => stream.WriteAsync(new byte[] { 1 }, token).AsTask()))
        using (StagedFile b = await AtomicFile.StageAsync(second, (stream, token) => stream.WriteAsync(new byte[] { 2, 2 }, token).AsTask()))
        {
            Assert.Equal(2, root.FilesStartingWith(AtomicFile.TempFilePrefix).Length);
            Assert.Equal(2, b.Length);
            Assert.Equal(second, b.TargetPath);
        }

        Assert.Equal([9], await File.ReadAllBytesAsync(first));
        Assert.Equal(["x=1/file.bin"], root.RelativeFiles());
    }

    [Fact]
    public async Task StageAsync_Committed_ReplacesTargetAndDisposeKeepsIt()
    {
        using var root = new TempDirectory();
        string path = Path.Combine(root.Path, "file.bin");
        await File.WriteAllBytesAsync(path, [9]);

        using (StagedFile staged = await AtomicFile.StageAsync(path, (stream, token) => stream.WriteAsync(new byte[] { 1, 2 }, token).AsTask()))
        {
            Assert.Equal([9], await File.ReadAllBytesAsync(path));
            staged.Commit();
        }

        Assert.Equal([1, 2], await File.ReadAllBytesAsync(path));
        Assert.Equal(["file.bin"], root.RelativeFiles());
    }
}
