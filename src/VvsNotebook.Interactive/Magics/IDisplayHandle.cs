namespace VvsNotebook.Interactive.Magics;

/// <summary>An output shown in a notebook that can be replaced in place.</summary>
public interface IDisplayHandle
{
    void Update(object value);
}
