using Microsoft.CodeAnalysis;

namespace NasDsl.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports, one descriptor per cause, each with a message format of its own. Causes of one
/// rule share its ID (as the .NET analyzers do); a cause that needs a different fix gets a new ID. IDs are never
/// renumbered or reused; the README lists each with an example.
/// </summary>
public static class DiagnosticDescriptors
{
    private const string Category = "NasDsl";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) => "README.md#" + id.ToLowerInvariant();

    // NAS001
    public static readonly DiagnosticDescriptor TypeMustBePartial = Error(
        "NAS001", "Search-space type must be partial",
        "'{0}' is marked [{1}] but is not partial; add the 'partial' modifier so NasDsl can generate its members");

    // NAS002
    public static readonly DiagnosticDescriptor EdgeSourceNotFound = Error(
        "NAS002", "Edge source is not a node of the cell",
        "'{0}.{1}': edge source '{2}' is not a node of '{0}'; pass nameof() of an [Input] or [Edge] node of the same cell");

    // NAS003
    public static readonly DiagnosticDescriptor WiringHasCycle = Error(
        "NAS003", "Wiring has a cycle",
        "'{0}': the wiring has a cycle ({1}, each arrow from a source to the node it feeds); a node cannot read, directly or through other nodes, from a node it feeds");

    // NAS004: a cell's inputs and output.
    private const string CellInputOutputTitle = "Cell inputs or output invalid";

    public static readonly DiagnosticDescriptor CellHasNoInput = Error(
        "NAS004", CellInputOutputTitle,
        "'{0}' has no [Input] node; mark the node(s) it receives with [Input], e.g. '[Input] public partial Node X {{ get; }}'");

    public static readonly DiagnosticDescriptor CellHasNoOutput = Error(
        "NAS004", CellInputOutputTitle,
        "'{0}' has no [Output] node; mark the node whose value it returns with [Output]");

    public static readonly DiagnosticDescriptor CellHasSeveralOutputs = Error(
        "NAS004", CellInputOutputTitle,
        "'{0}' has more than one [Output] node ({1}); a cell returns exactly one");

    public static readonly DiagnosticDescriptor OutputMarkedTwice = Error(
        "NAS004", CellInputOutputTitle,
        "'{0}.{1}' is marked [Output] more than once");

    // NAS005: the number of sources an edge gives against what its operation takes.
    private const string EdgeArityTitle = "Edge source count does not match the operation";

    public static readonly DiagnosticDescriptor EdgeHasNoSources = Error(
        "NAS005", EdgeArityTitle,
        "'{0}.{1}': the edge has no source; name its source node(s) with nameof()");

    public static readonly DiagnosticDescriptor OpSetArityMismatch = Error(
        "NAS005", EdgeArityTitle,
        "'{0}.{1}': the edge has {2} source(s) but op set '{3}' takes {4}; give it {4} source(s) or use an op set of that arity");

    public static readonly DiagnosticDescriptor ModuleArityMismatch = Error(
        "NAS005", EdgeArityTitle,
        "'{0}.{1}': the edge has {2} source(s) but module '{3}' takes {4}; give it {4} source(s) or use a module of that arity");

    public static readonly DiagnosticDescriptor PlacementArityMismatch = Error(
        "NAS005", EdgeArityTitle,
        "'{0}.{1}': the edge has {2} source(s) but cell '{3}' takes {4}; list one source per [Input] of '{3}', in order");

    // NAS006
    private const string OpSetTitle = "Op set is empty or mixes arities";

    public static readonly DiagnosticDescriptor OpSetEmpty = Error(
        "NAS006", OpSetTitle,
        "Op set '{0}' has no operations; mark its static methods or nested classes [UnaryPrimitive] or [BinaryPrimitive]");

    public static readonly DiagnosticDescriptor OpSetMixesArities = Error(
        "NAS006", OpSetTitle,
        "Op set '{0}' mixes unary and binary operations; an op set holds only [UnaryPrimitive] or only [BinaryPrimitive] operations");

    // NAS007: a primitive method or class.
    private const string PrimitiveTitle = "Primitive has the wrong signature";

    public static readonly DiagnosticDescriptor PrimitiveMethodNotStatic = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' must be static: declare it as '{1}'");

    public static readonly DiagnosticDescriptor PrimitiveMethodGeneric = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' must not be generic: declare it as '{1}'");

    public static readonly DiagnosticDescriptor PrimitiveMethodSignature = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' has the wrong signature for a {1} primitive: declare it as '{2}'");

    public static readonly DiagnosticDescriptor PrimitiveMethodInaccessible = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' must be public or internal so the op table can call it");

    public static readonly DiagnosticDescriptor PrimitiveClassBaseMissing = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' must derive from NasDsl.{1}");

    public static readonly DiagnosticDescriptor PrimitiveClassAbstract = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' must not be abstract");

    public static readonly DiagnosticDescriptor PrimitiveClassGeneric = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' must not be generic");

    public static readonly DiagnosticDescriptor PrimitiveClassConstructorMissing = Error(
        "NAS007", PrimitiveTitle, "Primitive '{0}' needs a public constructor taking a PrimitiveContext, or a parameterless one");

    // NAS008
    public static readonly DiagnosticDescriptor NodeDoesNotReachOutput = new(
        "NAS008", "Node does not reach the output",
        "'{0}.{1}' does not reach the output '{2}'; its value is computed and never used",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("NAS008"));

    // NAS009: the incoming edges of one node.
    private const string IncomingEdgesTitle = "Node has the wrong incoming edges";

    public static readonly DiagnosticDescriptor InputHasEdge = Error(
        "NAS009", IncomingEdgesTitle,
        "'{0}.{1}': an [Input] node receives its value from outside the cell and cannot have an [Edge]; remove the [Edge] or the [Input]");

    public static readonly DiagnosticDescriptor NodeHasNoEdge = Error(
        "NAS009", IncomingEdgesTitle,
        "'{0}.{1}': the node has no incoming edge; add an [Edge(nameof(Source), …)] or mark it [Input]");

    public static readonly DiagnosticDescriptor PlacementHasSeveralEdges = Error(
        "NAS009", IncomingEdgesTitle,
        "'{0}.{1}': a cell placement takes exactly one [Edge], listing the cell's inputs in order");

    // NAS010
    public static readonly DiagnosticDescriptor CellContainsItself = Error(
        "NAS010", "Cell contains itself",
        "'{0}.{1}': cell '{0}' contains itself ({2}); a cell cannot be placed inside itself, directly or through other cells");

    // NAS011
    public static readonly DiagnosticDescriptor DuplicateOperationName = Error(
        "NAS011", "Duplicate operation name",
        "Op set '{0}' has two operations named '{1}'; operation names must be unique within an op set");

    // NAS012: which operation an edge applies.
    private const string EdgeOperationTitle = "Edge operation missing or ambiguous";

    public static readonly DiagnosticDescriptor EdgeHasOpAndOps = Error(
        "NAS012", EdgeOperationTitle,
        "'{0}.{1}': the edge gives both Op and Ops; use Ops = typeof(SomeOpSet) for a searchable edge or Op = typeof(SomeModule) for a fixed one");

    public static readonly DiagnosticDescriptor EdgeHasNoOperation = Error(
        "NAS012", EdgeOperationTitle,
        "'{0}.{1}': the edge gives neither Op nor Ops; add Ops = typeof(SomeOpSet) for a searchable edge or Op = typeof(SomeModule) for a fixed one");

    public static readonly DiagnosticDescriptor PlacementHasOperation = Error(
        "NAS012", EdgeOperationTitle,
        "'{0}.{1}': an edge that places cell '{2}' must give neither Op nor Ops; remove {3}, or type the node as Node to apply an operation");

    // NAS013: the type an edge names.
    private const string EdgeOpTypeTitle = "Edge operation type invalid";

    public static readonly DiagnosticDescriptor OpsIsNotAnOpSet = Error(
        "NAS013", EdgeOpTypeTitle,
        "'{0}.{1}': Ops = typeof({2}) names a type that is not an [OpSet] class; mark '{2}' [OpSet] or use Op for a fixed module");

    public static readonly DiagnosticDescriptor OpIsAnOpSet = Error(
        "NAS013", EdgeOpTypeTitle,
        "'{0}.{1}': Op = typeof({2}) names an op set; use Ops = typeof({2}) for a searchable edge");

    public static readonly DiagnosticDescriptor OpIsNotAModule = Error(
        "NAS013", EdgeOpTypeTitle,
        "'{0}.{1}': Op = typeof({2}) names a type that is not a TorchSharp Module<Tensor, Tensor> (or Module<Tensor, Tensor, Tensor> for two sources)");

    public static readonly DiagnosticDescriptor OpIsNotConcrete = Error(
        "NAS013", EdgeOpTypeTitle,
        "'{0}.{1}': Op = typeof({2}) names an abstract or open generic type; name a concrete module class");

    public static readonly DiagnosticDescriptor OpHasNoUsableConstructor = Error(
        "NAS013", EdgeOpTypeTitle,
        "'{0}.{1}': Op = typeof({2}) needs a public constructor taking a PrimitiveContext, or a parameterless one");

    // NAS014: a node property.
    private const string NodePropertyTitle = "Node property invalid";

    public static readonly DiagnosticDescriptor NodeNotGetterOnlyPartial = Error(
        "NAS014", NodePropertyTitle,
        "'{0}.{1}': a node must be declared as an instance partial property with only a getter, e.g. '{2} partial Node {1} {{ get; }}'");

    public static readonly DiagnosticDescriptor InputNotANode = Error(
        "NAS014", NodePropertyTitle,
        "'{0}.{1}': an [Input] node must have type Node, not '{2}'");

    public static readonly DiagnosticDescriptor NodeTypeInvalid = Error(
        "NAS014", NodePropertyTitle,
        "'{0}.{1}': a node has type Node, or a [Cell] class to place that cell; '{2}' is neither");

    public static readonly DiagnosticDescriptor NodeTypeUnresolved = Error(
        "NAS014", NodePropertyTitle,
        "'{0}.{1}': the type '{2}' could not be resolved");

    public static readonly DiagnosticDescriptor EdgeDoesNotBind = Error(
        "NAS014", NodePropertyTitle,
        "'{0}.{1}': an [Edge] attribute has arguments that do not bind; fix the compiler errors on it");

    // NAS015
    private const string TooManyInputsTitle = "Too many inputs";

    public static readonly DiagnosticDescriptor SearchSpaceHasSeveralInputs = Error(
        "NAS015", TooManyInputsTitle,
        "'{0}' has {1} [Input] nodes; a search space takes exactly one input (the batch of images); move the others into a [Cell]");

    public static readonly DiagnosticDescriptor CellHasTooManyInputs = Error(
        "NAS015", TooManyInputsTitle,
        "'{0}' has {1} [Input] nodes; a cell takes one or two inputs");

    // NAS016: the kind of type.
    private const string TypeShapeTitle = "Type shape not supported";

    public static readonly DiagnosticDescriptor TypeIsNotAClass = Error(
        "NAS016", TypeShapeTitle, "'{0}' is marked [{1}] but is a {2}; declare it as a partial class");

    public static readonly DiagnosticDescriptor TypeIsGeneric = Error(
        "NAS016", TypeShapeTitle, "'{0}' is marked [{1}] but is generic; search-space types must be non-generic so generated code can name them");

    public static readonly DiagnosticDescriptor TypeHasNoParameterlessConstructor = Error(
        "NAS016", TypeShapeTitle,
        "'{0}' is marked [{1}] but has no parameterless constructor; generated node views create it with new(), so add one (it may be private)");

    public static readonly DiagnosticDescriptor TypeNestedInGeneric = Error(
        "NAS016", TypeShapeTitle, "'{0}' is marked [{1}] but is nested in the generic type '{2}'; move it out or make '{2}' non-generic");

    public static readonly DiagnosticDescriptor TypeNestedInNonPartial = Error(
        "NAS016", TypeShapeTitle,
        "'{0}' is marked [{1}] but is nested in '{2}', which is not partial; make '{2}' partial so generated members can be added");

    // NAS017
    public static readonly DiagnosticDescriptor NameReservedForGeneratedCode = Error(
        "NAS017", "Name is used by generated code",
        "'{0}.{1}': the name '{1}' is used by the code NasDsl generates for an [{2}]; rename it");

    // NAS018
    public static readonly DiagnosticDescriptor ArgsMatchNoConstructor = Error(
        "NAS018", "Args match no constructor of the fixed operation",
        "'{0}.{1}': no public or internal constructor of '{2}' takes Args ({3}) after an optional PrimitiveContext; its constructors take {4}");

    // NAS019
    public static readonly DiagnosticDescriptor ArgsWithoutFixedOp = Error(
        "NAS019", "Args without a fixed operation",
        "'{0}.{1}': Args are constructor arguments of a fixed Op, and {2} has none; remove Args or use Op = typeof(SomeModule)");

    // NAS020
    public static readonly DiagnosticDescriptor RepeatCountInvalid = Error(
        "NAS020", "Repeat count below one",
        "'{0}.{1}': [Repeat({2})] must place the cell at least once; give a count of 1 or more");

    // NAS021
    public static readonly DiagnosticDescriptor RepeatedCellDoesNotChain = Error(
        "NAS021", "Repeated cell does not chain",
        "'{0}.{1}': [Repeat] feeds each repetition of '{2}' the single output of the one before, but '{2}' takes {3} inputs; repeat a one-input cell");

    // NAS022
    public static readonly DiagnosticDescriptor RepeatWithoutPlacement = Error(
        "NAS022", "Repeat on a node that places no cell",
        "'{0}.{1}': [Repeat] repeats a cell placement, and '{1}' is not one; type the node as a [Cell] class or remove [Repeat]");

    // NAS023
    public static readonly DiagnosticDescriptor PrimitiveDerivativeInvalid = Error(
        "NAS023", "Primitive derivative invalid",
        "Primitive '{0}': derivative '{1}' {2}");

    // NAS024
    public static readonly DiagnosticDescriptor RepetitionNameTaken = Error(
        "NAS024", "Repetition name taken",
        "'{0}.{1}': [Repeat({2})] names its repetitions {1}_0 to {1}_{3} (fields, genotype properties, modules), and node '{4}' already has one of those names; rename one of them");
}
