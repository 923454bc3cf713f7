using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>What makes a primitive's declared <c>Derivative</c> usable (NAS023): a static method of the op set with the
/// value-and-derivative kernel signature of the primitive's arity.</summary>
internal static class DerivativeRules
{
    public const string PropertyName = "Derivative";

    /// <summary>The declared derivative's name and a NAS023 diagnostic when it is unusable; (null, null) when none is
    /// declared or its argument does not bind (the compiler reports that).</summary>
    public static (string? Name, DiagnosticInfo? Problem) Check(INamedTypeSymbol opSet, string primitive, int arity, bool isClass, AttributeData attribute)
    {
        var name = AttributeReader.Named<string>(attribute, PropertyName);
        if (name is null) return (null, null);
        var location = Argument(attribute)?.GetLocation();
        DiagnosticInfo Report(string problem) =>
            DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveDerivativeInvalid, location, $"{opSet.Name}.{primitive}", name, problem);

        if (isClass) return (null, Report("cannot be declared on a primitive class: only static-method primitives take a derivative, since a class may hold weights the fused edge would not train"));
        var expected = Expected(name, arity);
        var methods = opSet.GetMembers(name).OfType<IMethodSymbol>().ToList();
        if (methods.Count == 0) return (null, Report($"is not a method of '{opSet.Name}'; declare '{expected}'"));
        if (methods.Any(m => Fits(m, arity))) return (name, null);
        var method = methods[0];
        if (!method.IsStatic) return (null, Report($"must be static: declare it as '{expected}'"));
        return (null, Report($"has the wrong signature for a {(arity == 1 ? "unary" : "binary")} derivative: declare it as '{expected}'"));
    }

    private static bool Fits(IMethodSymbol method, int arity) =>
        method.IsStatic && !method.IsGenericMethod && method.ReturnsVoid && method.Parameters.Length == arity + (arity == 1 ? 2 : 3)
        && method.Parameters.All(p => p.RefKind == RefKind.None)
        && method.Parameters.Take(arity).All(p => IsSpanOfFloat(p.Type, "System.ReadOnlySpan`1"))
        && method.Parameters.Skip(arity).All(p => IsSpanOfFloat(p.Type, "System.Span`1"));

    private static bool IsSpanOfFloat(ITypeSymbol type, string spanMetadataName) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } named
        && named.OriginalDefinition.MetadataFullName() == spanMetadataName
        && named.TypeArguments[0].SpecialType == SpecialType.System_Single;

    private static string Expected(string name, int arity) => arity == 1
        ? $"static void {name}(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)"
        : $"static void {name}(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)";

    private static SyntaxNode? Argument(AttributeData attribute)
    {
        var syntax = attribute.Syntax();
        return (SyntaxNode?)syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == PropertyName) ?? syntax;
    }
}
