namespace EventFramework;

/// <summary>
/// Declares an event record's stable type name: the storage format. Renaming the CLR type is
/// safe; changing this name is a schema change (add an upcaster from the old name).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
