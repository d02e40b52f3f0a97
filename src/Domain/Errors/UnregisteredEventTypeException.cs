namespace EventFramework;

/// <summary>A CLR type was appended that has no stable type name in the <see cref="TypeRegistry"/>.</summary>
public sealed class UnregisteredEventTypeException(Type type)
    : EventStoreException($"The CLR type {type.FullName} has no registered event type name; register it with TypeRegistry.Register<{type.Name}>(\"name\").")
{
    public Type Type { get; } = type;
}
