using FluentValidation;

namespace EventFramework;

/// <summary>
/// Registers commands handled by an <see cref="Aggregate{TState}"/> method: the service loads
/// the aggregate, calls the method, and stores its <see cref="Aggregate{TState}.Changes"/>.
/// </summary>
public static class AggregateCommands
{
    /// <summary>A command service whose state folds with <see cref="State{TSelf}.When"/>.</summary>
    public static CommandService<TState> For<TState>(IEventStore store, EventSerializer serializer, CommandServiceOptions? options = null)
        where TState : State<TState>, new() =>
        new(store, serializer, () => new TState(), (s, e) => s.When(e), options);

    /// <summary>Registers <typeparamref name="TCommand"/> as a call on a freshly loaded <typeparamref name="TAggregate"/>.</summary>
    public static CommandService<TState> On<TAggregate, TState, TCommand>(
        this CommandService<TState> service,
        Func<TCommand, StreamName> stream,
        Action<TAggregate, TCommand> act,
        CommandPolicy? policy = null,
        IValidator<TCommand>? validator = null)
        where TAggregate : Aggregate<TState>, new()
        where TState : State<TState>, new()
        where TCommand : notnull =>
        service.RegisterAggregate<TCommand>(stream, (state, version, command) =>
        {
            var aggregate = new TAggregate();
            aggregate.Load(state, version);
            act(aggregate, command);
            return aggregate.Changes;
        }, policy, validator);
}
