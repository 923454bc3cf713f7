using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using Xunit;

namespace NasDsl.Tests.Search;

[Collection(TorchStateCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nasdsl-checkpoints-" + Guid.NewGuid().ToString("N"));

    private string CheckpointPath => Path.Combine(_directory, "checkpoint.bin");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResumingAfterAnEpochGivesTheAlphasOfAnUninterruptedRun(bool secondOrder)
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions(2) with { SecondOrder = secondOrder };
        using var uninterrupted = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        var expected = uninterrupted.Run();

        using var cancellation = new CancellationTokenSource();
        var observer = new CallbackObserver { Epoch = _ => cancellation.Cancel() };
        using (var interrupted = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options with { CheckpointPath = CheckpointPath }, data, observer))
        {
            var partial = interrupted.Run(cancellation.Token);
            Assert.True(partial.Cancelled);
            Assert.Single(partial.Epochs);
        }
        Assert.Equal([CheckpointPath], observer.Checkpoints);

        using var resumed = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        Assert.Equal(CheckpointPath, resumed.LoadCheckpoint(CheckpointPath));
        Assert.Equal((1, 0), (resumed.Progress.Epoch, resumed.Progress.Step));
        var actual = resumed.Run();

        Assert.False(actual.Cancelled);
        Assert.Equal(SearchFixtures.AlphaBits(uninterrupted), SearchFixtures.AlphaBits(resumed));
        Assert.Equal(SearchFixtures.WeightBits(uninterrupted), SearchFixtures.WeightBits(resumed));
        Assert.Equal(expected.Epochs.Select(SearchFixtures.Describe), actual.Epochs.Select(SearchFixtures.Describe));
    }

    [Fact]
    public void ResumingInTheMiddleOfAnEpochGivesTheAlphasOfAnUninterruptedRun()
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions(2);
        using var uninterrupted = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        var expected = uninterrupted.Run();

        // Cancel after step 5 of epoch 0: the run stops after that step and checkpoints at (0, 6).
        using var cancellation = new CancellationTokenSource();
        var observer = new CallbackObserver { Step = s => { if (s is { Epoch: 0, Step: 5 }) cancellation.Cancel(); } };
        using (var interrupted = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options with { CheckpointPath = CheckpointPath }, data, observer))
        {
            var partial = interrupted.Run(cancellation.Token);
            Assert.True(partial.Cancelled);
            Assert.Empty(partial.Epochs);
            Assert.Equal(6, observer.Steps.Count);
        }

        using var resumed = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        resumed.LoadCheckpoint(CheckpointPath);
        Assert.Equal((0, 6), (resumed.Progress.Epoch, resumed.Progress.Step));
        var actual = resumed.Run();

        Assert.Equal(SearchFixtures.AlphaBits(uninterrupted), SearchFixtures.AlphaBits(resumed));
        Assert.Equal(SearchFixtures.WeightBits(uninterrupted), SearchFixtures.WeightBits(resumed));
        // The resumed epoch's summary includes the steps before the checkpoint.
        Assert.Equal(expected.Epochs.Select(SearchFixtures.Describe), actual.Epochs.Select(SearchFixtures.Describe));
    }

    [Fact]
    public void ACorruptCheckpointIsDetectedNamedAndThePreviousOneIsKept()
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions(2) with { CheckpointPath = CheckpointPath };
        using (var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data))
            search.Run();
        var previous = Checkpoint.PreviousPath(CheckpointPath);
        Assert.Equal(Path.Combine(_directory, "checkpoint.prev.bin"), previous);
        Assert.Equal(2, Checkpoint.ReadMetadata(CheckpointPath).Progress.Epoch);
        Assert.Equal(1, Checkpoint.ReadMetadata(previous).Progress.Epoch);

        var bytes = File.ReadAllBytes(CheckpointPath);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(CheckpointPath, bytes);

        using var resumed = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(2), data);
        var error = Assert.Throws<CheckpointCorruptException>(() => Checkpoint.ReadMetadata(CheckpointPath));
        Assert.Equal(CheckpointPath, error.Path);
        Assert.Contains(CheckpointPath, error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.False(Checkpoint.IsValid(CheckpointPath));

        // Resuming falls back to the previous good checkpoint.
        Assert.Equal(previous, resumed.LoadCheckpoint(CheckpointPath));
        Assert.Equal((1, 0), (resumed.Progress.Epoch, resumed.Progress.Step));

        // Saving over a corrupt checkpoint must not rotate it over the good previous one.
        resumed.SaveCheckpoint(CheckpointPath);
        Assert.True(Checkpoint.IsValid(CheckpointPath));
        Assert.True(Checkpoint.IsValid(previous));
        Assert.Equal(1, Checkpoint.ReadMetadata(previous).Progress.Epoch);
    }

    [Fact]
    public void WhenBothCheckpointsAreCorruptTheErrorNamesBothFilesAndTheirProblems()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        search.SaveCheckpoint(CheckpointPath);
        search.SaveCheckpoint(CheckpointPath);
        var previous = Checkpoint.PreviousPath(CheckpointPath);
        var bytes = File.ReadAllBytes(CheckpointPath);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(CheckpointPath, bytes);
        File.WriteAllText(previous, "not a checkpoint");

        var error = Assert.Throws<CheckpointCorruptException>(() => search.LoadCheckpoint(CheckpointPath));
        Assert.Equal(
            $"No usable checkpoint: '{CheckpointPath}': its SHA-256 checksum does not match its contents; '{previous}': it is not a NasDsl checkpoint (bad header).",
            error.Message);
        Assert.Equal(CheckpointPath, error.Path);
    }

    [Fact]
    public void AnObserverThatFailsAfterAnEpochFindsThatEpochAlreadyCheckpointed()
    {
        using var data = SearchFixtures.SmallData();
        var observer = new CallbackObserver { Epoch = _ => throw new IOException("No space left on device") };
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(2) with { CheckpointPath = CheckpointPath }, data, observer);

        Assert.Throws<IOException>(() => search.Run());
        Assert.Equal([CheckpointPath], observer.Checkpoints);
        Assert.Equal((1, 0), (Checkpoint.ReadMetadata(CheckpointPath).Progress.Epoch, Checkpoint.ReadMetadata(CheckpointPath).Progress.Step));
    }

    [Fact]
    public void ATruncatedCheckpointIsDetected()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        search.SaveCheckpoint(CheckpointPath);
        var bytes = File.ReadAllBytes(CheckpointPath);
        File.WriteAllBytes(CheckpointPath, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<CheckpointCorruptException>(() => search.LoadCheckpoint(CheckpointPath));
        Assert.Equal(CheckpointPath, error.Path);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void SavingRotatesAndLeavesNoTemporaryFile()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        search.SaveCheckpoint(CheckpointPath);
        Assert.False(File.Exists(Checkpoint.PreviousPath(CheckpointPath)));
        search.SaveCheckpoint(CheckpointPath);
        Assert.True(Checkpoint.IsValid(Checkpoint.PreviousPath(CheckpointPath)));
        Assert.Equal(["checkpoint.bin", "checkpoint.prev.bin"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ACheckpointThatCannotBeWrittenLeavesTheGoodOnesAndNoTemporaryFile()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        search.SaveCheckpoint(CheckpointPath);
        var good = File.ReadAllBytes(CheckpointPath);
        // A directory where the previous checkpoint goes: the new file is written, moving the old one aside fails.
        Directory.CreateDirectory(Checkpoint.PreviousPath(CheckpointPath));

        var error = Assert.Throws<IOException>(() => search.SaveCheckpoint(CheckpointPath));
        Assert.Contains(CheckpointPath, error.Message);
        Assert.Equal(good, File.ReadAllBytes(CheckpointPath));
        Assert.Equal(["checkpoint.bin", "checkpoint.prev.bin"], Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefusedBeforeAnythingChanges()
    {
        using var data = SearchFixtures.SmallData();
        using (var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data))
            search.SaveCheckpoint(CheckpointPath);

        using var other = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1) with { Seed = 99 }, data);
        var alphas = SearchFixtures.AlphaBits(other);
        var error = Assert.Throws<InvalidOperationException>(() => other.LoadCheckpoint(CheckpointPath));
        Assert.Contains("seed 5, not 99", error.Message);
        Assert.Equal(alphas, SearchFixtures.AlphaBits(other));
    }

    [Fact]
    public void AMissingCheckpointIsReported()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        Assert.Throws<FileNotFoundException>(() => search.LoadCheckpoint(CheckpointPath));
    }
}
