using System.Runtime.InteropServices;
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
        var initial = InitialEnvironment("OMP_WAIT_POLICY");
        Assert.Equal(string.IsNullOrEmpty(initial) ? "PASSIVE" : initial, Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
    }

    [Fact]
    public void BlocksUpToThirtyTwoMebibytesComeFromTheHeapUnlessTheUserSetTheAllocator()
    {
        _ = SearchPresets.DrNas;
        if (NativeHeap.UserSetting(InitialEnvironment) is { } setting)
        {
            Assert.Contains(setting, NativeHeap.PreferRetainingFreedMemory());
            return;
        }
        // Below the 32 MiB threshold malloc never maps a block afresh. With glibc's defaults (a threshold that only
        // rises to the largest mapped block freed so far) a 31 MiB block is a fresh mapping unless free heap space
        // happens to hold it; without the setting this test failed when run alone. Above the threshold no assertion
        // holds either way: glibc serves a large block from the heap's free top when one is there, as it is once
        // the trim threshold keeps freed memory.
        Assert.False(IsFreshMapping(31 << 20));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("glibc.rtld.optional_static_tls=512", null, null)]
    [InlineData("glibc.malloc.arena_max=2", null, "GLIBC_TUNABLES")]
    [InlineData(null, "MALLOC_TRIM_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")]
    [InlineData(null, "LD_PRELOAD", "LD_PRELOAD")]
    public void TheUsersAllocatorSettingsAreFoundByName(string? tunables, string? variable, string? expected)
    {
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin" };
        if (tunables is not null) environment["GLIBC_TUNABLES"] = tunables;
        if (variable is not null) environment[variable] = "1";
        Assert.Equal(expected, NativeHeap.UserSetting(name => environment.GetValueOrDefault(name)));
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

    /// <summary>A variable of the environment the process started with (/proc/self/environ), before anything set one.</summary>
    private static string? InitialEnvironment(string name) =>
        File.ReadAllText("/proc/self/environ", Encoding.UTF8).Split('\0')
            .FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// <summary>Whether malloc serves <paramref name="bytes"/> with a mapping of its own: glibc marks such a chunk in
    /// bit 1 of the size word just before the block (IS_MMAPPED). AllocHGlobal is malloc on Linux.</summary>
    private static bool IsFreshMapping(int bytes)
    {
        var block = Marshal.AllocHGlobal(bytes);
        try
        {
            return (Marshal.ReadInt64(block, -sizeof(long)) & 2) != 0;
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
