using System.Text;
using NasDsl.Devices;
using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

/// <summary>A project that uses only the library gets the sample's speed settings, and keeps a choice of its own.</summary>
[Collection(TorchStateCollection.Name)]
public sealed class RuntimeDefaultsTests
{
    [Fact]
    public void TheWaitPolicyIsPassiveUnlessTheProcessWasStartedWithOne()
    {
        _ = SearchPresets.DrNas; // NasDsl's module initializer has run by now
        // /proc/self/environ is the environment the process started with, before anything set a variable.
        var initial = File.ReadAllText("/proc/self/environ", Encoding.UTF8).Split('\0')
            .FirstOrDefault(v => v.StartsWith("OMP_WAIT_POLICY=", StringComparison.Ordinal))?["OMP_WAIT_POLICY=".Length..];
        Assert.Equal(string.IsNullOrEmpty(initial) ? "PASSIVE" : initial, Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2)]
    public void ASearchWithoutThreadsTakesTheMachineDefaultAndOneWithThreadsKeepsThem(int? given)
    {
        var before = get_num_threads();
        try
        {
            set_num_threads(3);
            using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1) with { Threads = given }, SearchFixtures.SmallData());
            Assert.Equal(given ?? OpenMp.DefaultThreads() ?? 3, get_num_threads());

            set_num_threads(3);
            new Retrainer<MlpGenotype>(SearchFixtures.SmallSpace(), new RetrainOptions { Epochs = 1, Threads = given }, SearchFixtures.SmallData(), SearchFixtures.SmallData())
                .Train(search.Supernet.Genotype());
            Assert.Equal(given ?? OpenMp.DefaultThreads() ?? 3, get_num_threads());
        }
        finally
        {
            set_num_threads(before);
        }
    }
}
