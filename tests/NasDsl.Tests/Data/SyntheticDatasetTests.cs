using NasDsl.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Data;

public sealed class SyntheticDatasetTests
{
    [Fact]
    public void SameSeedGivesTheSameData()
    {
        using var a = SyntheticDataset.Create([1, 4, 4], 3, 30, seed: 9);
        using var b = SyntheticDataset.Create([1, 4, 4], 3, 30, seed: 9);
        using var c = SyntheticDataset.Create([1, 4, 4], 3, 30, seed: 10);

        Assert.True(a.Images.allclose(b.Images, 0, 0));
        Assert.True(a.Labels.allclose(b.Labels, 0, 0));
        Assert.False(a.Images.allclose(c.Images, 0, 0));
    }

    [Fact]
    public void LabelsAreBalancedAndValuesStandardised()
    {
        using var data = SyntheticDataset.Create([3, 8, 8], 4, 400, seed: 1);

        Assert.Equal([100L, 100, 100, 100], data.ClassCounts());
        Assert.Equal([3L, 8, 8], data.SampleShape);
        Assert.InRange(data.Images.std().item<float>(), 0.8f, 1.2f);
    }

    [Fact]
    public void ALinearClassifierLearnsIt()
    {
        using var split = SyntheticDataset.CreateSplit([1, 8, 8], 4, 256, 128, seed: 3, noise: 1.5f);
        var train = (InMemoryDataset)split.Train;
        var test = (InMemoryDataset)split.Test;
        torch.random.manual_seed(0);
        using var model = nn.Linear(64, 4);
        using var optimizer = optim.SGD(model.parameters(), 0.1);

        float Loss()
        {
            using var scope = NewDisposeScope();
            return nn.functional.cross_entropy(model.forward(train.Images.flatten(1)), train.Labels).item<float>();
        }

        var before = Loss();
        for (var step = 0; step < 50; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(train.Images.flatten(1)), train.Labels).backward();
            optimizer.step();
        }
        var after = Loss();

        Assert.True(after < before / 2, $"loss {before} → {after}");
        using (var scope = NewDisposeScope())
        {
            var accuracy = model.forward(test.Images.flatten(1)).argmax(1).eq(test.Labels).to(ScalarType.Float32).mean().item<float>();
            Assert.True(accuracy > 0.8f, $"test accuracy {accuracy}");
        }
    }
}
