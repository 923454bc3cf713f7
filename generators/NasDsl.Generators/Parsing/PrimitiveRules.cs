using System.Linq;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>What makes a member a usable primitive (NAS007) and a type a usable fixed module (NAS013).</summary>
internal static class PrimitiveRules
{
    public static int? ArityOf(ISymbol member) =>
        member.HasAttribute(KnownTypeNames.UnaryPrimitiveAttribute) ? 1
        : member.HasAttribute(KnownTypeNames.BinaryPrimitiveAttribute) ? 2
        : null;

    /// <summary>Why a static-method primitive of <paramref name="opSet"/> is unusable, or null when it is fine.</summary>
    public static DiagnosticInfo? MethodProblem(INamedTypeSymbol opSet, IMethodSymbol method, int arity)
    {
        var location = method.IdentifierLocation();
        var name = $"{opSet.Name}.{method.Name}";
        var expected = arity == 1 ? $"public static Tensor {method.Name}(Tensor x)" : $"public static Tensor {method.Name}(Tensor a, Tensor b)";
        if (!method.IsStatic) return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveMethodNotStatic, location, name, expected);
        if (method.IsGenericMethod) return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveMethodGeneric, location, name, expected);
        if (!method.ReturnType.IsTensor() || method.Parameters.Length != arity || method.Parameters.Any(p => !p.Type.IsTensor() || p.RefKind != RefKind.None))
            return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveMethodSignature, location, name, arity == 1 ? "unary" : "binary", expected);
        if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected)
            return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveMethodInaccessible, location, name);
        return null;
    }

    /// <summary>Why a primitive class is unusable, or null when it is fine.</summary>
    public static DiagnosticInfo? ClassProblem(INamedTypeSymbol type, int arity)
    {
        var location = type.IdentifierLocation();
        if (!type.DerivesFrom(arity == 1 ? KnownTypeNames.Primitive : KnownTypeNames.BinaryPrimitive))
            return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveClassBaseMissing, location, type.Name, arity == 1 ? "Primitive" : "BinaryPrimitive");
        if (type.IsAbstract) return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveClassAbstract, location, type.Name);
        if (type.IsGenericType) return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveClassGeneric, location, type.Name);
        if (ConstructorKind(type) is null) return DiagnosticInfo.Create(DiagnosticDescriptors.PrimitiveClassConstructorMissing, location, type.Name);
        return null;
    }

    /// <summary>True when the type's usable constructor takes a PrimitiveContext; false when parameterless; null when neither exists.</summary>
    public static bool? ConstructorKind(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal).ToList();
        if (constructors.Any(c => c.Parameters.Length == 1 && c.Parameters[0].Type.MetadataFullName() == KnownTypeNames.PrimitiveContext)) return true;
        if (constructors.Any(c => c.Parameters.Length == 0)) return false;
        return null;
    }
}
