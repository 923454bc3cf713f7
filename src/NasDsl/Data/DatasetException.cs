namespace NasDsl.Data;

/// <summary>A dataset file or folder that cannot be read: names the path and what is wrong with it.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Reports <paramref name="problem"/> with <paramref name="file"/>.</summary>
    public DatasetException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string File { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
