using NasDsl.Cli;

namespace NasDsl.Tests.Sample;

/// <summary>Every invalid argument gets one clear line naming it, exit code 2, and nothing written.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--space|mlp", "--space mlp: unknown space; choose simple, complex, rnn")]
    [InlineData("spaces|--all", "spaces --all: unknown argument")]
    [InlineData("--epochs|0", "--epochs 0: must be at least 1")]
    [InlineData("--epochs|-3", "--epochs -3: must be at least 1")]
    [InlineData("--epochs|many", "--epochs many: not a whole number")]
    [InlineData("--batch-size|0", "--batch-size 0: must be at least 1")]
    [InlineData("--limit-steps|0", "--limit-steps 0: must be at least 1")]
    [InlineData("--train-epochs|-1", "--train-epochs -1: must be at least 0")]
    [InlineData("--data|/no/such/folder", "--data /no/such/folder: the folder does not exist")]
    [InlineData("--baseline|softmax", "--baselines softmax: rnn has no baseline 'softmax'; choose from relu, swish, hardswish, leakyrelu, gelu, tanh, sigmoid, identity.")]
    [InlineData("--baselines|relu,tanhh", "--baselines relu,tanhh: rnn has no baseline 'tanhh'")]
    [InlineData("--method|enas", "--method enas: unknown method; choose drnas, gdas or darts")]
    [InlineData("--second-order", "--second-order: DARTS' unrolled gradient; --method drnas is first order (use --method darts)")]
    [InlineData("--warmup-epochs|5", "--warmup-epochs 5: must be less than --epochs 5")]
    [InlineData("--shrink|maybe", "--shrink maybe: say on or off")]
    [InlineData("--output-bound|-1", "--output-bound -1: must be positive and finite")]
    [InlineData("--arch-lr|fast", "--arch-lr fast: not a number")]
    [InlineData("--retrain-seeds|0", "--retrain-seeds 0: must be at least 1")]
    [InlineData("--device|tpu", "--device tpu: unknown device")]
    [InlineData("--device|cuda", "CUDA")]
    [InlineData("--resume|/no/such/run", "--resume /no/such/run: the folder does not exist")]
    [InlineData("--bogus", "--bogus")]
    [InlineData("--out|/proc/nasdsl-run|--epochs|1|--train-samples|200", "--out /proc/nasdsl-run: cannot write the run folder there")]
    public void InvalidArgumentsExitWithCode2AndWriteNothing(string arguments, string expected)
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, arguments.Split('|'));
        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
        Assert.DoesNotContain("Exception", output + error);
    }

    [Fact]
    public void SpacesListsEveryDeclaredSpaceWithItsCompileTimeStatistics()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "spaces", "--verbose");
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal(["simple: ActivationSearch.SimpleSpace", "complex: ActivationSearch.ComplexSpace", "rnn (default): ActivationSearch.RnnSpace",
                "resnet20: ActivationSearch.ResNet20Space"],
            output.Split('\n').Where(l => !l.StartsWith(' ') && l.Length > 0));
        Assert.Contains("  9,529,569 architectures; 6 scopes, 98 alphas; 6 mixed edges", output);
        Assert.Contains("  scope Act.B1: Binary, 7 alphas", output);
        Assert.Contains("  edge Stage2.A: 4 candidates", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void ResumeOfAFolderWithoutARunIsRejected()
    {
        using var folder = new TemporaryFolder();
        var empty = Directory.CreateDirectory(Path.Combine(folder.Path, "empty")).FullName;
        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--resume", empty);
        Assert.Equal(2, exitCode);
        Assert.Contains($"--resume {empty}: the folder holds no run (no config.json)", error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(empty));
    }

    [Fact]
    public void HelpListsEveryOptionWithItsDefault()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, _) = SampleProcess.Run(folder.Path, "--help");
        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--space", "--data", "--epochs", "--batch-size", "--seed", "--second-order", "--device", "--train-epochs", "--baseline", "--out", "--resume", "--limit-steps" })
            Assert.Contains(option, output);
        Assert.Contains("[default: rnn]", output);
        Assert.Contains("[default: 64]", output);
    }
}

/// <summary>A corrupt dataset stops the run before anything is written, naming the file and the problem.</summary>
public sealed class BadDataTests
{
    [Fact]
    public void AnIdxFileWithTheWrongMagicNumberExitsNonZeroWithoutARunFolder()
    {
        using var folder = new TemporaryFolder();
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        foreach (var split in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(data, $"{split}-images-idx3-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28, .. new byte[784]]);
            File.WriteAllBytes(Path.Combine(data, $"{split}-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 3]);
        }
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--data", data, "--out", run, "--epochs", "1");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Contains("train-images-idx3-ubyte", error);
        Assert.Contains("magic", error);
        Assert.False(Directory.Exists(run));
    }

    [Theory]
    [InlineData(0, 0, "error: DATA/t10k-images-idx3-ubyte: its images are 0×0 pixels; an image needs at least 1×1")]
    [InlineData(14, 14, "error: DATA/t10k-images-idx3-ubyte: its images are 14×14 pixels but the training images in DATA/train-images-idx3-ubyte are 28×28; both splits need one shape")]
    public void TestImagesWithoutPixelsOrOfAnotherShapeExitNonZeroWithoutARunFolder(int rows, int cols, string expected)
    {
        using var folder = new TemporaryFolder();
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        NasDsl.Data.IdxReader.WriteImages(Path.Combine(data, "train-images-idx3-ubyte"), new byte[20 * 784], 20, 28, 28, gzip: false);
        NasDsl.Data.IdxReader.WriteLabels(Path.Combine(data, "train-labels-idx1-ubyte"), Enumerable.Range(0, 20).Select(i => (byte)(i % 10)).ToArray(), gzip: false);
        NasDsl.Data.IdxReader.WriteImages(Path.Combine(data, "t10k-images-idx3-ubyte"), new byte[10 * rows * cols], 10, rows, cols, gzip: false);
        NasDsl.Data.IdxReader.WriteLabels(Path.Combine(data, "t10k-labels-idx1-ubyte"), Enumerable.Range(0, 10).Select(i => (byte)i).ToArray(), gzip: false);
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--data", data, "--out", run, "--epochs", "1", "--limit-steps", "1", "--train-epochs", "0");
        Assert.Equal(1, exitCode);
        Assert.Equal(expected.Replace("DATA", data), error.TrimEnd());
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AFolderWithNoDatasetIsRejected()
    {
        using var folder = new TemporaryFolder();
        var data = Directory.CreateDirectory(Path.Combine(folder.Path, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "notes.txt"), "not a dataset");
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--data", data, "--out", run);
        Assert.Equal(1, exitCode);
        Assert.Contains(data, error);
        Assert.False(Directory.Exists(run));
    }
}

/// <summary>Defaults the host fills in per method.</summary>
[Collection(HostSpacesCollection.Name)]
public sealed class MethodDefaultsTests
{
    public MethodDefaultsTests() => NotebookHost.Use();

    /// <summary>Every method keeps its preset's 3e-4 (3e-3 measured worse for DrNAS; README); an explicit rate wins.</summary>
    [Theory]
    [InlineData("drnas", 3e-4)]
    [InlineData("gdas", 3e-4)]
    [InlineData("darts", 3e-4)]
    public void TheArchitectureLearningRateDefaultsPerMethod(string method, double expected)
    {
        var settings = CommandLine.Read(CommandLine.Build().Parse(["--method", method])).Settings;
        Assert.Equal(expected, settings.ArchitectureLearningRate);
        Assert.Equal(0.01, CommandLine.Read(CommandLine.Build().Parse(["--method", method, "--arch-lr", "0.01"])).Settings.ArchitectureLearningRate);
    }
}

/// <summary>What <c>--baselines</c> defaults to, per space.</summary>
[Collection(HostSpacesCollection.Name)]
public sealed class BaselineDefaultsTests
{
    private static RunSettings Read(params string[] args) => CommandLine.Read(CommandLine.Build().Parse(args)).Settings;

    [Fact]
    public void A_LeNet_space_is_compared_with_relu_and_swish()
    {
        NotebookHost.Use();
        Assert.Equal(["relu", "swish"], Read().Baselines);
        Assert.Equal(["relu", "swish"], Read("--space", "resnet20").Baselines);
    }

    [Fact]
    public void A_space_whose_own_baselines_lack_relu_and_swish_is_compared_with_all_of_them()
    {
        HostSpaces.Use(SearchSpaceRegistry.Of(typeof(OwnBaselinesSpace).Assembly).Where(s => s.TypeName == typeof(OwnBaselinesSpace).FullName).ToList(), null);
        try
        {
            Assert.Equal(["hardswish", "identity"], Read().Baselines.Order());
            Assert.Empty(Read("--baselines", "none").Baselines);
            var error = Assert.Throws<UsageException>(() => Read("--baselines", "relu"));
            Assert.Equal("--baselines relu: ownbaselines has no baseline 'relu'; choose from hardswish, identity.", error.Message);
        }
        finally
        {
            NotebookHost.Use();
        }
    }
}
