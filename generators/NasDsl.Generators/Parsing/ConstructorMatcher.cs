using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>A constructor of a fixed module that takes an edge's Args, and those Args as C# literals.</summary>
internal sealed record ConstructorMatch(bool TakesContext, ImmutableArray<string> Arguments);

/// <summary>
/// Finds the constructor a fixed edge calls: public or internal, optionally taking a PrimitiveContext first, then one
/// parameter per Args value (later parameters may have defaults). A value fits a parameter of its own type, a wider
/// numeric type (C#'s implicit conversions) or object; a context-taking constructor wins, as the emitted call passes one.
/// </summary>
internal static class ConstructorMatcher
{
    public static ConstructorMatch? Match(INamedTypeSymbol type, ImmutableArray<TypedConstant> args)
    {
        var candidates = AccessibleConstructors(type).OrderBy(c => TakesContext(c) ? 0 : 1);
        foreach (var constructor in candidates)
        {
            var parameters = constructor.Parameters.Skip(TakesContext(constructor) ? 1 : 0).ToList();
            if (args.Length > parameters.Count || parameters.Skip(args.Length).Any(p => !p.IsOptional)) continue;
            if (args.Select((a, i) => Fits(a, parameters[i].Type)).All(fits => fits))
                return new ConstructorMatch(TakesContext(constructor), args.Select(Literal).ToImmutableArray());
        }
        return null;
    }

    /// <summary>The constructors on offer, as NAS018 lists them: <c>(PrimitiveContext, int, int)</c>.</summary>
    public static string Describe(INamedTypeSymbol type) =>
        string.Join("; ", AccessibleConstructors(type).Select(c => "(" + string.Join(", ", c.Parameters.Select(p => p.Type.ToDisplayString())) + ")"));

    /// <summary>The Args as written, by type: <c>int, int</c>.</summary>
    public static string DescribeArgs(ImmutableArray<TypedConstant> args) =>
        string.Join(", ", args.Select(a => a.IsNull ? "null" : a.Type?.ToDisplayString() ?? "?"));

    private static System.Collections.Generic.IEnumerable<IMethodSymbol> AccessibleConstructors(INamedTypeSymbol type) =>
        type.InstanceConstructors.Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal);

    private static bool TakesContext(IMethodSymbol constructor) =>
        constructor.Parameters.Length > 0 && constructor.Parameters[0].Type.MetadataFullName() == KnownTypeNames.PrimitiveContext;

    private static bool Fits(TypedConstant value, ITypeSymbol parameter)
    {
        if (parameter.SpecialType == SpecialType.System_Object) return value.Kind != TypedConstantKind.Array;
        if (value.IsNull) return parameter.IsReferenceType || parameter.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        return value.Kind switch
        {
            TypedConstantKind.Type => parameter.MetadataFullName() == "System.Type",
            TypedConstantKind.Enum => SymbolEqualityComparer.Default.Equals(value.Type, parameter),
            TypedConstantKind.Primitive => value.Type is { } type && (type.SpecialType == parameter.SpecialType || Widens(type.SpecialType, parameter.SpecialType)),
            _ => false,
        };
    }

    /// <summary>C#'s implicit numeric conversions from the types an attribute value can have.</summary>
    private static bool Widens(SpecialType from, SpecialType to) => from switch
    {
        SpecialType.System_SByte => to is SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_Byte => to is SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_Int16 => to is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_UInt16 or SpecialType.System_Char => to is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
            or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_Int32 => to is SpecialType.System_Int64 or SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_UInt32 => to is SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_Int64 or SpecialType.System_UInt64 => to is SpecialType.System_Single or SpecialType.System_Double,
        SpecialType.System_Single => to is SpecialType.System_Double,
        _ => false,
    };

    /// <summary>The value as C# source, culture-invariant and typed so the emitted call binds the matched constructor.</summary>
    private static string Literal(TypedConstant value)
    {
        if (value.IsNull) return "null";
        if (value.Kind == TypedConstantKind.Type) return $"typeof({((ITypeSymbol)value.Value!).FullName()})";
        if (value.Kind == TypedConstantKind.Enum) return $"({value.Type!.FullName()})({Number(value.Value!)})";
        return value.Value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char character => SymbolDisplay.FormatLiteral(character, quote: true),
            bool flag => flag ? "true" : "false",
            int or long or double or float or uint or ulong => Number(value.Value),
            _ => $"({value.Type!.FullName()}){Number(value.Value!)}",
        };
    }

    private static string Number(object value) => value switch
    {
        double d when double.IsNaN(d) => "double.NaN",
        double d when double.IsInfinity(d) => d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity",
        float f when float.IsNaN(f) => "float.NaN",
        float f when float.IsInfinity(f) => f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
        System.IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
