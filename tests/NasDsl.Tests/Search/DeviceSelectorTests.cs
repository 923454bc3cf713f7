using NasDsl.Devices;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

public sealed class DeviceSelectorTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void CpuResolvesToTheCpu(string name) => Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve(name).type);

    [Fact]
    public void AutoFallsBackToTheCpuWithoutAGpu()
    {
        var device = DeviceSelector.Resolve("auto");
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void CudaWithoutAGpuThrowsWithTheBuildHint(string name)
    {
        if (cuda.is_available())
        {
            // A CUDA build on a GPU machine: cuda must resolve, cuda:1 may not exist.
            if (name == "cuda") Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve(name).type);
            return;
        }
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Resolve(name));
        Assert.Contains("CUDA was requested", error.Message);
        Assert.Contains("-p:NasDslCuda=true", error.Message);
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void UnknownNamesAreRejectedNamingTheValue(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve(name));
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("cpu, cuda, cuda:N, auto", error.Message);
    }
}
