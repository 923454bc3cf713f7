using Microsoft.CodeAnalysis;

namespace NasDsl.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are never renumbered or reused; the README lists each with an example.</summary>
public static class DiagnosticDescriptors
{
    private const string Category = "NasDsl";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) => "README.md#" + id.ToLowerInvariant();

    public static readonly DiagnosticDescriptor TypeMustBePartial = Error(
        "NAS001", "Search-space type must be partial",
        "'{0}' is marked [{1}] but is not partial; add the 'partial' modifier so NasDsl can generate its members");

    public static readonly DiagnosticDescriptor EdgeSourceNotFound = Error(
        "NAS002", "Edge source is not a node of the cell",
        "'{0}.{1}': edge source '{2}' is not a node of '{0}'; pass nameof() of an [Input] or [Edge] node of the same cell");

    public static readonly DiagnosticDescriptor WiringHasCycle = Error(
        "NAS003", "Wiring has a cycle",
        "'{0}': the wiring has a cycle ({1}, each arrow from a source to the node it feeds); a node cannot read, directly or through other nodes, from a node it feeds");

    public static readonly DiagnosticDescriptor CellInputOutputInvalid = Error(
        "NAS004", "Cell inputs or output invalid",
        "'{0}': {1}");

    public static readonly DiagnosticDescriptor EdgeArityMismatch = Error(
        "NAS005", "Edge source count does not match the operation",
        "'{0}.{1}': the edge has {2} source(s) but {3} takes {4}; {5}");

    public static readonly DiagnosticDescriptor OpSetEmptyOrMixedArity = Error(
        "NAS006", "Op set is empty or mixes arities",
        "Op set '{0}' {1}; an op set holds only [UnaryPrimitive] or only [BinaryPrimitive] operations, at least one");

    public static readonly DiagnosticDescriptor PrimitiveSignatureInvalid = Error(
        "NAS007", "Primitive has the wrong signature",
        "Primitive '{0}' {1}");

    public static readonly DiagnosticDescriptor NodeDoesNotReachOutput = new(
        "NAS008", "Node does not reach the output",
        "'{0}.{1}' does not reach the output '{2}'; its value is computed and never used",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("NAS008"));

    public static readonly DiagnosticDescriptor NodeIncomingEdgesInvalid = Error(
        "NAS009", "Node has the wrong incoming edges",
        "'{0}.{1}': {2}");

    public static readonly DiagnosticDescriptor CellContainsItself = Error(
        "NAS010", "Cell contains itself",
        "'{0}.{1}': cell '{0}' contains itself ({2}); a cell cannot be placed inside itself, directly or through other cells");

    public static readonly DiagnosticDescriptor DuplicateOperationName = Error(
        "NAS011", "Duplicate operation name",
        "Op set '{0}' has two operations named '{1}'; operation names must be unique within an op set");

    public static readonly DiagnosticDescriptor EdgeOpAndOpsConflict = Error(
        "NAS012", "Edge operation missing or ambiguous",
        "'{0}.{1}': {2}");

    public static readonly DiagnosticDescriptor EdgeOpTypeInvalid = Error(
        "NAS013", "Edge operation type invalid",
        "'{0}.{1}': {2}");

    public static readonly DiagnosticDescriptor NodePropertyInvalid = Error(
        "NAS014", "Node property invalid",
        "'{0}.{1}': {2}");

    public static readonly DiagnosticDescriptor TooManyInputs = Error(
        "NAS015", "Too many inputs",
        "'{0}' has {1} [Input] nodes; {2}");

    public static readonly DiagnosticDescriptor TypeShapeNotSupported = Error(
        "NAS016", "Type shape not supported",
        "'{0}' is marked [{1}] but {2}");

    public static readonly DiagnosticDescriptor NameReservedForGeneratedCode = Error(
        "NAS017", "Name is used by generated code",
        "'{0}.{1}': the name '{1}' is used by the code NasDsl generates for an [{2}]; rename it");

    public static readonly DiagnosticDescriptor PrimitiveDerivativeInvalid = Error(
        "NAS018", "Primitive derivative invalid",
        "Primitive '{0}': derivative '{1}' {2}");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "NAS001" => TypeMustBePartial,
        "NAS002" => EdgeSourceNotFound,
        "NAS003" => WiringHasCycle,
        "NAS004" => CellInputOutputInvalid,
        "NAS005" => EdgeArityMismatch,
        "NAS006" => OpSetEmptyOrMixedArity,
        "NAS007" => PrimitiveSignatureInvalid,
        "NAS008" => NodeDoesNotReachOutput,
        "NAS009" => NodeIncomingEdgesInvalid,
        "NAS010" => CellContainsItself,
        "NAS011" => DuplicateOperationName,
        "NAS012" => EdgeOpAndOpsConflict,
        "NAS013" => EdgeOpTypeInvalid,
        "NAS014" => NodePropertyInvalid,
        "NAS015" => TooManyInputs,
        "NAS016" => TypeShapeNotSupported,
        "NAS017" => NameReservedForGeneratedCode,
        "NAS018" => PrimitiveDerivativeInvalid,
        _ => throw new System.ArgumentOutOfRangeException(nameof(id), id, "unknown NasDsl diagnostic"),
    };
}
