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

    [Theory]
    [InlineData("seed", "seed 5, not 6")]
    [InlineData("batch size", "batch size 16, not 32")]
    [InlineData("train portion", "train portion 0.5, not 0.75")]
    [InlineData("second order", "second order off, not on")]
    [InlineData("learning rate", "learning rate 0.1, not 0.2")]
    [InlineData("min learning rate", "min learning rate 0.01, not 0.02")]
    [InlineData("momentum", "momentum 0.9, not 0.8")]
    [InlineData("weight decay", "weight decay 0.0003, not 0.001")]
    [InlineData("gradient clip", "gradient clip 5, not 1")]
    [InlineData("architecture learning rate", "architecture learning rate 0.03, not 0.01")]
    [InlineData("architecture betas", "architecture betas (0.5, 0.999), not (0.9, 0.999)")]
    [InlineData("architecture weight decay", "architecture weight decay 0.001, not 0")]
    [InlineData("steps per epoch", "steps per epoch 16, not 4")]
    [InlineData("epochs", "epochs 2, not 1 (a search may be extended, not shortened)")]
    public void ACheckpointIsRefusedUnderASettingThatChangesTheTrajectory(string setting, string expected)
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions(2);
        using (var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data))
            search.SaveCheckpoint(CheckpointPath);

        var changed = setting switch
        {
            "seed" => options with { Seed = 6 },
            "batch size" => options with { BatchSize = 32 },
            "train portion" => options with { TrainPortion = 0.75 },
            "second order" => options with { SecondOrder = true },
            "learning rate" => options with { LearningRate = 0.2 },
            "min learning rate" => options with { MinLearningRate = 0.02 },
            "momentum" => options with { Momentum = 0.8 },
            "weight decay" => options with { WeightDecay = 1e-3 },
            "gradient clip" => options with { GradientClip = 1 },
            "architecture learning rate" => options with { ArchitectureLearningRate = 0.01 },
            "architecture betas" => options with { ArchitectureBetas = (0.9, 0.999) },
            "architecture weight decay" => options with { ArchitectureWeightDecay = 0 },
            "steps per epoch" => options with { LimitSteps = 4 },
            "epochs" => options with { Epochs = 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };
        using var other = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), changed, data);
        var alphas = SearchFixtures.AlphaBits(other);
        var error = Assert.Throws<InvalidOperationException>(() => other.LoadCheckpoint(CheckpointPath));
        Assert.StartsWith($"Checkpoint '{CheckpointPath}' belongs to another run: it has ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(alphas, SearchFixtures.AlphaBits(other));
        Assert.Equal(SearchProgress.Start, other.Progress);
    }

    [Fact]
    public void ACheckpointOfAnotherSpaceIsRefused()
    {
        using var data = SearchFixtures.SmallData();
        using (var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data))
            search.SaveCheckpoint(CheckpointPath);

        var smaller = new MlpSpace(TestOps.Unary(TestOps.Identity, TestOps.Tanh), hidden: 6);
        using var other = new DartsSearch<MlpGenotype>(smaller, SearchFixtures.SmallOptions(1), data);
        var error = Assert.Throws<InvalidOperationException>(() => other.LoadCheckpoint(CheckpointPath));
        Assert.Matches(@"it has scopes \[[^]]*:6[^]]*\], not \[[^]]*:2[^]]*\]", error.Message);
    }

    [Fact]
    public void ASearchMayBeExtendedWithMoreEpochsAndItsScheduleThenSpansTheNewTotal()
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions(1) with { CheckpointPath = CheckpointPath };
        using (var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data))
            search.Run();

        using var extended = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options with { Epochs = 3 }, data);
        extended.LoadCheckpoint(CheckpointPath);
        Assert.Equal((1, 0), (extended.Progress.Epoch, extended.Progress.Step));
        var result = extended.Run();

        Assert.Equal([0, 1, 2], result.Epochs.Select(e => e.Epoch));
        // Epoch 1 ran at the start of the one-epoch plan; the rest follow the cosine over three epochs.
        Assert.Equal(0.1, result.Epochs[0].LearningRate);
        Assert.Equal(0.01 + 0.09 * (1 + Math.Cos(Math.PI / 3)) / 2, result.Epochs[1].LearningRate, 12);
        Assert.Equal(3, Checkpoint.ReadMetadata(CheckpointPath).Epochs);
    }

    [Fact]
    public void ACheckpointWrittenBeforeSettingsWereRecordedStillLoadsAndIsCheckedOnWhatItRecords()
    {
        using var data = SearchFixtures.SmallData();
        using (var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data))
            search.SaveCheckpoint(CheckpointPath);
        WithoutSettings(CheckpointPath);
        Assert.Null(Checkpoint.ReadMetadata(CheckpointPath).Settings);

        using var changedRate = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1) with { LearningRate = 0.2 }, data);
        Assert.Equal(CheckpointPath, changedRate.LoadCheckpoint(CheckpointPath));
        using var changedSeed = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1) with { Seed = 6 }, data);
        Assert.Contains("seed 5, not 6", Assert.Throws<InvalidOperationException>(() => changedSeed.LoadCheckpoint(CheckpointPath)).Message);
    }

    /// <summary>Rewrites a checkpoint as the first format version wrote it: metadata without <c>Settings</c>.</summary>
    private static void WithoutSettings(string path)
    {
        const int header = 8 + 4 + 8 + 32;
        var file = File.ReadAllBytes(path);
        using var reader = new BinaryReader(new MemoryStream(file, header, file.Length - header));
        var metadata = System.Text.Json.Nodes.JsonNode.Parse(reader.ReadString())!.AsObject();
        Assert.True(metadata.Remove("Settings"));
        var rest = reader.ReadBytes(file.Length);
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(metadata.ToJsonString());
            writer.Write(rest);
        }
        var bytes = payload.ToArray();
        File.WriteAllBytes(path, [.. file.AsSpan(0, 12), .. BitConverter.GetBytes((long)bytes.Length), .. System.Security.Cryptography.SHA256.HashData(bytes), .. bytes]);
    }

    [Fact]
    public void AMissingCheckpointIsReported()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        Assert.Throws<FileNotFoundException>(() => search.LoadCheckpoint(CheckpointPath));
    }
}
