using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// The notebook's output layer: Linear(features → classes), returning logits. The notebook follows it with a
/// softmax; here the loss applies log-softmax itself, which is stabler.
/// </summary>
public sealed class Classifier : nn.Module<Tensor, Tensor>
{
    private readonly Linear _linear;

    /// <summary>Builds Linear(<see cref="PrimitiveContext.Features"/> → <see cref="PrimitiveContext.Classes"/>) on the context's device.</summary>
    public Classifier(PrimitiveContext context) : base(nameof(Classifier))
    {
        _linear = nn.Linear(context.Features, context.Classes);
        register_module("linear", _linear);
        this.to(context.Device);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _linear.forward(input.flatten(1));
}
