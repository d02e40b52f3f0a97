using System.Collections.Concurrent;
using System.Reflection;

namespace EventFramework;

/// <summary>
/// Maps stable event type names to CLR types and back, and holds the upcasters for old names.
/// Registration is explicit: a stored name never depends on a CLR type's name by accident.
/// </summary>
public sealed class TypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _byType = new();
    private readonly ConcurrentDictionary<string, Upcaster> _upcasters = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="name"/>, or under its <see cref="EventTypeAttribute"/> name.</summary>
    public TypeRegistry Register<T>(string? name = null) => Register(typeof(T), name);

    /// <summary>Registers a type; a name already taken by another type is an error.</summary>
    public TypeRegistry Register(Type type, string? name = null)
    {
        name ??= type.GetCustomAttribute<EventTypeAttribute>()?.Name
            ?? throw new ArgumentException($"{type.FullName} has no [EventType] attribute; pass a name.", nameof(name));
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An event type name cannot be empty.", nameof(name));
        var existing = _byName.GetOrAdd(name, type);
        if (existing != type) throw new ArgumentException($"The event type name '{name}' is already registered for {existing.FullName}.", nameof(name));
        _byType[type] = name;
        return this;
    }

    /// <summary>Registers every type in <paramref name="assembly"/> that carries <see cref="EventTypeAttribute"/>.</summary>
    public TypeRegistry RegisterAll(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
            if (type.GetCustomAttribute<EventTypeAttribute>() is not null) Register(type);
        return this;
    }

    /// <summary>Adds an upcaster for payloads stored under <see cref="Upcaster.FromType"/>.</summary>
    public TypeRegistry AddUpcaster(Upcaster upcaster)
    {
        if (!_upcasters.TryAdd(upcaster.FromType, upcaster))
            throw new ArgumentException($"An upcaster from '{upcaster.FromType}' is already registered.", nameof(upcaster));
        return this;
    }

    /// <summary>The stable name of a registered type.</summary>
    public string NameOf(Type type) => _byType.TryGetValue(type, out var name) ? name : throw new UnregisteredEventTypeException(type);

    /// <summary>Finds the CLR type registered under <paramref name="name"/>.</summary>
    public bool TryGetType(string name, out Type type) => _byName.TryGetValue(name, out type!);

    /// <summary>Finds the upcaster for payloads stored under <paramref name="name"/>.</summary>
    public bool TryGetUpcaster(string name, out Upcaster upcaster) => _upcasters.TryGetValue(name, out upcaster!);
}
