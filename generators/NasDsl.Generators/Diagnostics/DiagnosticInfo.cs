using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Diagnostics;

/// <summary>Where a diagnostic points, as plain values (a <see cref="Location"/> would root the compilation).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is { IsInSource: true } ? new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span) : null;

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());
}

/// <summary>A diagnostic as an equatable value; turned back into a <see cref="Diagnostic"/> when reported.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments) =>
        new(descriptor.Id, location, arguments.Select(a => a?.ToString() ?? string.Empty).ToEquatableArray());

    /// <summary>Rebuilds the diagnostic on the compilation's own syntax tree, so <c>#pragma warning disable</c> applies.</summary>
    public Diagnostic ToDiagnostic(Compilation compilation)
    {
        var descriptor = DiagnosticDescriptors.ById(Id);
        var location = Microsoft.CodeAnalysis.Location.None;
        if (Location is not null)
        {
            var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == Location.FilePath);
            location = tree is not null && Location.Span.End <= tree.Length
                ? Microsoft.CodeAnalysis.Location.Create(tree, Location.Span)
                : Microsoft.CodeAnalysis.Location.Create(Location.FilePath, Location.Span, Location.LineSpan);
        }
        return Diagnostic.Create(descriptor, location, Arguments.Select(a => (object)a).ToArray());
    }
}
