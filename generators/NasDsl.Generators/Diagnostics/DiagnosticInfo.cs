using System.Linq;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Diagnostics;

/// <summary>
/// A diagnostic as a value that travels in the diagnostics stream, apart from the models: its descriptor, the source
/// location it points at and its message arguments as strings. The location is the one the parsed syntax gives, so it
/// compares by tree and span (an edit in another file leaves it equal) and, reported as it is, stays inside the
/// compilation's own tree, where <c>#pragma warning disable</c> applies; a location rebuilt from a path and a span would
/// not be suppressed (dotnet/runtime#92509).
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, Location? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
        new(descriptor, location, arguments.Select(a => a?.ToString() ?? string.Empty).ToEquatableArray());

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location ?? Location.None, Arguments.Select(a => (object)a).ToArray());
}
