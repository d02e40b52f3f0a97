using System.Diagnostics;
using EventFramework.Diagnostics;
using FluentValidation;

namespace EventFramework;

/// <summary>
/// Handles commands for one kind of state: validate (FluentValidation), load (snapshot + tail),
/// decide, append with the expected version, retry on conflict, deduplicate by command id.
/// Works for pure deciders (<see cref="On{TCommand}(Func{TCommand, StreamName}, Func{TState, TCommand, IEnumerable{object}}, CommandPolicy?, IValidator{TCommand}?)"/>)
/// and, through <see cref="AggregateCommands"/>, for <see cref="Aggregate{TState}"/> classes.
/// </summary>
public sealed partial class CommandService<TState>
{
    internal delegate IEnumerable<object> Decide(TState state, long version, object command);

    private sealed record Handler(Func<object, StreamName> Stream, Decide Decide, CommandPolicy Policy, IValidator? Validator);

    private readonly Dictionary<Type, Handler> _handlers = [];
    private readonly IEventStore _store;
    private readonly EventSerializer _serializer;
    private readonly Func<TState> _initial;
    private readonly Func<TState, object, TState> _evolve;
    private readonly CommandServiceOptions _options;
    private IntegrationMap? _published;

    /// <summary>Creates a service folding events with <paramref name="evolve"/> from <paramref name="initial"/>.</summary>
    public CommandService(IEventStore store, EventSerializer serializer, Func<TState> initial, Func<TState, object, TState> evolve, CommandServiceOptions? options = null)
    {
        _store = store;
        _serializer = serializer;
        _initial = initial;
        _evolve = evolve;
        _options = options ?? new CommandServiceOptions();
    }

    /// <summary>
    /// Every new event that <paramref name="map"/> maps also leaves as an integration message, written
    /// to the outbox in the append's transaction (the store must be an <see cref="IOutboxAppender"/>):
    /// the events and their messages commit together, and a deduplicated command writes neither again.
    /// </summary>
    public CommandService<TState> Publish(IntegrationMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (_store is not IOutboxAppender)
            throw new InvalidOperationException($"{_store.GetType().Name} cannot write outbox messages in an append's transaction (it is no {nameof(IOutboxAppender)}).");
        _published = map;
        return this;
    }

    /// <summary>Registers a command as a pure decision: <paramref name="decide"/> returns the new events.</summary>
    public CommandService<TState> On<TCommand>(Func<TCommand, StreamName> stream, Func<TState, TCommand, IEnumerable<object>> decide, CommandPolicy? policy = null, IValidator<TCommand>? validator = null)
        where TCommand : notnull =>
        Register<TCommand>(stream, (state, _, cmd) => decide(state, (TCommand)cmd), policy, validator);

    internal CommandService<TState> Register<TCommand>(Func<TCommand, StreamName> stream, Decide decide, CommandPolicy? policy, IValidator<TCommand>? validator)
        where TCommand : notnull
    {
        if (!_handlers.TryAdd(typeof(TCommand), new Handler(c => stream((TCommand)c), decide, policy ?? CommandPolicy.Default, validator)))
            throw new ArgumentException($"{typeof(TCommand).Name} is already registered.", nameof(TCommand));
        return this;
    }

    internal CommandService<TState> RegisterAggregate<TCommand>(Func<TCommand, StreamName> stream, Func<TState, long, TCommand, IEnumerable<object>> decide, CommandPolicy? policy, IValidator<TCommand>? validator)
        where TCommand : notnull =>
        Register<TCommand>(stream, (state, version, cmd) => decide(state, version, (TCommand)cmd), policy, validator);

    /// <summary>
    /// Handles <paramref name="command"/>; expected failures come back as a typed result. Traced as the
    /// activity "handle {command}" (source "EventFramework"), whose context the new events and their
    /// outbox messages carry in their headers.
    /// </summary>
    public async Task<CommandResult<TState>> Handle<TCommand>(TCommand command, CommandContext? context = null, CancellationToken ct = default)
        where TCommand : notnull
    {
        if (!_handlers.TryGetValue(command.GetType(), out var handler))
            throw new InvalidOperationException($"No handler is registered for {command.GetType().Name}.");
        context ??= CommandContext.None;
        using var activity = EventFrameworkMetrics.Activities.StartActivity($"handle {command.GetType().Name}");
        var result = await Handle(handler, command, context, ct).ConfigureAwait(false);
        activity?.SetTag("eventframework.command.outcome", result.Outcome.ToString());
        if (result.Outcome is CommandOutcome.Invalid or CommandOutcome.Rejected or CommandOutcome.Conflict) activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
        return result;
    }

    private async Task<CommandResult<TState>> Handle(Handler handler, object command, CommandContext context, CancellationToken ct)
    {
        if (handler.Validator is { } validator)
        {
            var validation = await validator.ValidateAsync(new ValidationContext<object>(command), ct).ConfigureAwait(false);
            if (!validation.IsValid)
                return new() { Outcome = CommandOutcome.Invalid, Errors = validation.Errors.Select(e => new ValidationError(e.PropertyName, e.ErrorMessage, e.ErrorCode)).ToList() };
        }

        var stream = handler.Stream(command);
        for (var attempt = 0; ; attempt++)
        {
            var (state, version) = await Load(stream, ct).ConfigureAwait(false);
            var refusal = Refusal(handler.Policy.Expect, version);
            IReadOnlyList<object> events = [];
            if (refusal is null)
            {
                try { events = handler.Decide(state, version, command).ToList(); }
                catch (DomainException ex) { refusal = ex.Message; }
            }
            if (refusal is not null)
            {
                return await WasHandled(context, stream, ct).ConfigureAwait(false)
                    ? new() { Outcome = CommandOutcome.AlreadyHandled, State = state, Version = version }
                    : new() { Outcome = CommandOutcome.Rejected, State = state, Version = version, Reason = refusal };
            }
            if (events.Count == 0) return new() { Outcome = CommandOutcome.Applied, State = state, Version = version };

            try
            {
                var expected = version < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version);
                var appended = await Append(stream, expected, events, Serialize(events, stream, context), ct).ConfigureAwait(false);
                if (appended.AlreadyAppended) return new() { Outcome = CommandOutcome.AlreadyHandled, State = state, Version = version };
                var newState = events.Aggregate(state, _evolve);
                await SnapshotIfDue(stream, newState, version, appended.NextExpectedVersion, ct).ConfigureAwait(false);
                return new() { Outcome = CommandOutcome.Applied, State = newState, Version = appended.NextExpectedVersion, NewEvents = events };
            }
            catch (DuplicateEventIdException ex) when (context.CommandId is not null && ex.ExistingStream == stream.Value)
            {
                var (current, currentVersion) = await Load(stream, ct).ConfigureAwait(false);
                return new() { Outcome = CommandOutcome.AlreadyHandled, State = current, Version = currentVersion };
            }
            catch (WrongExpectedVersionException ex)
            {
                if (attempt < handler.Policy.ConflictRetries) continue;
                return new() { Outcome = CommandOutcome.Conflict, State = state, Version = ex.ActualVersion, Reason = ex.Message };
            }
        }
    }

    private Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<object> events, List<EventData> data, CancellationToken ct)
    {
        if (_published is null) return _store.Append(stream, expected, data, ct);
        var messages = new List<OutboxMessage>();
        for (var i = 0; i < events.Count; i++)
        {
            if (_published.ToMessage(events[i], new IntegrationContext(stream, data[i].EventId, data[i].Metadata)) is { } message)
                messages.Add(message);
        }
        return messages.Count == 0 ? _store.Append(stream, expected, data, ct) : ((IOutboxAppender)_store).Append(stream, expected, data, messages, ct);
    }

    private static string? Refusal(StreamExpectation expect, long version) => expect switch
    {
        StreamExpectation.New when version >= 0 => "it already exists",
        StreamExpectation.Existing when version < 0 => "it does not exist",
        _ => null,
    };

    /// <summary>A refused command may be a redelivery of one that already succeeded: its first event would exist.</summary>
    private async Task<bool> WasHandled(CommandContext context, StreamName stream, CancellationToken ct) =>
        context.CommandId is { } id && await _store.FindEvent(DeterministicEventId.For(id, stream, 0), ct).ConfigureAwait(false) is not null;

    private List<EventData> Serialize(IReadOnlyList<object> events, StreamName stream, CommandContext context)
    {
        var metadata = new EventMetadata
        {
            CorrelationId = context.CorrelationId ?? context.CommandId?.ToString(),
            CausationId = context.CommandId?.ToString(),
            TenantId = context.TenantId,
            Headers = TraceContext.WithCurrent(context.Headers ?? EventMetadata.Empty.Headers),
        };
        var data = new List<EventData>(events.Count);
        for (var i = 0; i < events.Count; i++)
            data.Add(_serializer.Serialize(events[i], metadata, context.CommandId is { } id ? DeterministicEventId.For(id, stream, i) : null));
        return data;
    }
}
