using NasDsl.Search;
using Xunit;

namespace NasDsl.Tests.Search;

public sealed class SearchOptionsTests
{
    [Fact]
    public void DefaultsAreDartsDefaults()
    {
        var options = new SearchOptions();
        options.Validate();
        Assert.Equal(64, options.BatchSize);
        Assert.Equal(0.5, options.TrainPortion);
        Assert.False(options.SecondOrder);
        Assert.Equal(3e-4, options.ArchitectureLearningRate);
        Assert.Equal((0.5, 0.999), options.ArchitectureBetas);
        Assert.Equal(1e-3, options.ArchitectureWeightDecay);
        Assert.Equal(0.025, options.LearningRate);
        Assert.Equal(0.001, options.MinLearningRate);
        Assert.Equal(0.9, options.Momentum);
        Assert.Equal(3e-4, options.WeightDecay);
        Assert.Equal(5, options.GradientClip);
        Assert.Null(options.LimitSteps);
        Assert.Null(options.Threads);
        Assert.Equal("cpu", options.Device);
    }

    private static readonly Dictionary<string, SearchOptions> Invalid = new()
    {
        ["BatchSize"] = new() { BatchSize = 0 },
        ["Epochs"] = new() { Epochs = -3 },
        ["TrainPortion"] = new() { TrainPortion = 1.5 },
        ["LearningRate"] = new() { LearningRate = double.NaN },
        ["MinLearningRate"] = new() { MinLearningRate = 0.5 },
        ["Momentum"] = new() { Momentum = 1 },
        ["ArchitectureBetas"] = new() { ArchitectureBetas = (0.5, 1.2) },
        ["GradientClip"] = new() { GradientClip = 0 },
        ["LimitSteps"] = new() { LimitSteps = 0 },
        ["Threads"] = new() { Threads = 0 },
        ["MaxConsecutiveNonFiniteSteps"] = new() { MaxConsecutiveNonFiniteSteps = 0 },
        ["Device"] = new() { Device = " " },
    };

    [Theory]
    [InlineData("BatchSize", "got 0")]
    [InlineData("Epochs", "got -3")]
    [InlineData("TrainPortion", "got 1.5")]
    [InlineData("LearningRate", "got NaN")]
    [InlineData("MinLearningRate", "got 0.5")]
    [InlineData("Momentum", "got 1")]
    [InlineData("ArchitectureBetas", "got 1.2")]
    [InlineData("GradientClip", "got 0")]
    [InlineData("LimitSteps", "got 0")]
    [InlineData("Threads", "got 0")]
    [InlineData("MaxConsecutiveNonFiniteSteps", "got 0")]
    [InlineData("Device", "empty")]
    public void ValidateNamesTheOptionAndValue(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(Invalid[name].Validate);
        Assert.Equal(name, error.ParamName);
        Assert.Contains($"SearchOptions.{name}", error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void RetrainOptionsValidateNamesTheOptionAndValue()
    {
        var error = Assert.Throws<ArgumentException>(new RetrainOptions { Epochs = 0 }.Validate);
        Assert.Equal("Epochs", error.ParamName);
        Assert.Contains("RetrainOptions.Epochs", error.Message);
    }
}
