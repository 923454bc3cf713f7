using NasDsl.Tests.Data;

namespace NasDsl.Tests.Records;

/// <summary>A file is either replaced whole or left as it was, and no temporary file outlives a write.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AWriteReplacesTheFileAndLeavesNothingElse()
    {
        var path = _dir.File("run.json");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new σ");
        Assert.Equal("new σ", File.ReadAllText(path));
        Assert.Equal(["run.json"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AWriteThatFailsMidwayKeepsTheOldFileAndDeletesItsTemporaryFile()
    {
        var path = _dir.File("metrics.jsonl");
        File.WriteAllText(path, "old");
        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of it"u8);
            throw new IOException("No space left on device");
        }));
        Assert.Contains(path, error.Message);
        Assert.Contains("No space left on device", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["metrics.jsonl"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ARenameThatFailsDeletesTheTemporaryFile()
    {
        // A directory in the file's place: the data is written, the rename over it fails.
        var path = _dir.Sub("loss.png");
        var error = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(path, [1, 2, 3]));
        Assert.Contains(path, error.Message);
        Assert.Equal(["loss.png"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
        Assert.True(Directory.Exists(path));
    }
}
