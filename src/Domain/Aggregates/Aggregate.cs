namespace EventFramework;

/// <summary>
/// The object-oriented style: methods check rules against <see cref="State"/> and
/// <see cref="Apply"/> new events; the command service loads, calls and saves the aggregate.
/// </summary>
public abstract class Aggregate<TState> where TState : State<TState>, new()
{
    private readonly List<object> _changes = [];

    /// <summary>The current state, including changes not yet saved.</summary>
    public TState State { get; private set; } = new();

    /// <summary>The stream version the aggregate was loaded at (-1 for a new one).</summary>
    public long OriginalVersion { get; private set; } = -1;

    /// <summary>The events applied since loading, in order.</summary>
    public IReadOnlyList<object> Changes => _changes;

    /// <summary>Records a new event and folds it into the state.</summary>
    protected void Apply(object @event)
    {
        State = State.When(@event);
        _changes.Add(@event);
    }

    /// <summary>Throws a <see cref="DomainException"/> unless the aggregate has history.</summary>
    protected void EnsureExists(string message = "it does not exist")
    {
        if (OriginalVersion < 0 && _changes.Count == 0) throw new DomainException(message);
    }

    /// <summary>Throws a <see cref="DomainException"/> if the aggregate has history.</summary>
    protected void EnsureDoesNotExist(string message = "it already exists")
    {
        if (OriginalVersion >= 0) throw new DomainException(message);
    }

    /// <summary>Sets the loaded state and version, forgetting unsaved changes.</summary>
    public void Load(TState state, long version)
    {
        State = state;
        OriginalVersion = version;
        _changes.Clear();
    }
}
