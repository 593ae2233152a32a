using System.Runtime.InteropServices;
using System.Text;

namespace VvsNotebook.Assemblies;

/// <summary>A variable of a netCDF file: name, dimension names and values (numbers as float64, or strings).</summary>
public sealed record NetCdfVariable(string Name, IReadOnlyList<string> Dimensions, IReadOnlyList<int> Shape, double[]? Numbers, string[]? Strings)
{
    public bool IsText => Strings is not null;
}

/// <summary>
/// Reads whole netCDF (classic or netCDF-4/HDF5) files through Debian's libnetcdf (package <c>libnetcdf19</c>),
/// the format of Brain-Score's data assemblies.
/// </summary>
public static class NetCdfFile
{
    private const string Lib = "libnetcdf.so.19";
    private const int NcNoWrite = 0, NcChar = 2, NcString = 12, MaxName = 257, MaxDims = 1024;

    public static IReadOnlyDictionary<string, NetCdfVariable> ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"netCDF file not found: {path}", path);
        int ncid;
        try { Check(nc_open(path, NcNoWrite, out ncid), path, "open"); }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("libnetcdf is not installed: install the Debian package libnetcdf19 (environment/apt-packages.txt).", e);
        }
        try
        {
            Check(nc_inq(ncid, out var ndims, out var nvars, out _, out _), path, "inquire");
            var dimNames = new string[ndims]; var dimLens = new long[ndims];
            var nameBuf = new byte[MaxName];
            for (var d = 0; d < ndims; d++)
            {
                Check(nc_inq_dim(ncid, d, nameBuf, out var len), path, "inquire dimension");
                dimNames[d] = CString(nameBuf); dimLens[d] = (long)len;
            }
            var result = new Dictionary<string, NetCdfVariable>();
            var dimIds = new int[MaxDims];
            for (var v = 0; v < nvars; v++)
            {
                Check(nc_inq_var(ncid, v, nameBuf, out var type, out var nd, dimIds, out _), path, "inquire variable");
                var name = CString(nameBuf);
                var dims = dimIds.Take(nd).Select(i => dimNames[i]).ToList();
                var shape = dimIds.Take(nd).Select(i => checked((int)dimLens[i])).ToList();
                var count = shape.Aggregate(1L, (a, b) => a * b);
                if (type == NcString)
                {
                    var ptrs = new IntPtr[count];
                    if (count > 0)
                    {
                        Check(nc_get_var_string(ncid, v, ptrs), path, $"read variable '{name}'");
                        var strings = ptrs.Select(p => Marshal.PtrToStringUTF8(p) ?? "").ToArray();
                        nc_free_string((nuint)count, ptrs);
                        result[name] = new NetCdfVariable(name, dims, shape, null, strings);
                    }
                    else result[name] = new NetCdfVariable(name, dims, shape, null, []);
                }
                else if (type == NcChar)
                {
                    // Fixed-width character arrays: the last dimension is the string length.
                    var bytes = new byte[Math.Max(1, count)];
                    if (count > 0) Check(nc_get_var_text(ncid, v, bytes), path, $"read variable '{name}'");
                    var width = shape.Count == 0 ? 1 : shape[^1];
                    var n = width == 0 ? 0 : (int)(count / width);
                    var strings = Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetString(bytes, i * width, width).TrimEnd('\0', ' ')).ToArray();
                    result[name] = new NetCdfVariable(name, dims.Take(Math.Max(0, dims.Count - 1)).ToList(), shape.Take(Math.Max(0, shape.Count - 1)).ToList(), null, strings);
                }
                else
                {
                    var values = new double[count];
                    if (count > 0) Check(nc_get_var_double(ncid, v, values), path, $"read variable '{name}'");
                    result[name] = new NetCdfVariable(name, dims, shape, values, null);
                }
            }
            return result;
        }
        finally { nc_close(ncid); }
    }

    private static string CString(byte[] buf) => Encoding.UTF8.GetString(buf, 0, Math.Max(0, Array.IndexOf(buf, (byte)0)));

    private static void Check(int status, string path, string what)
    {
        if (status != 0)
            throw new InvalidDataException($"netCDF {what} failed for {path}: {Marshal.PtrToStringUTF8(nc_strerror(status))} (code {status}).");
    }

    [DllImport(Lib)] private static extern int nc_open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode, out int ncid);
    [DllImport(Lib)] private static extern int nc_close(int ncid);
    [DllImport(Lib)] private static extern int nc_inq(int ncid, out int ndims, out int nvars, out int ngatts, out int unlimdimid);
    [DllImport(Lib)] private static extern int nc_inq_dim(int ncid, int dimid, byte[] name, out nuint len);
    [DllImport(Lib)] private static extern int nc_inq_var(int ncid, int varid, byte[] name, out int xtype, out int ndims, int[] dimids, out int natts);
    [DllImport(Lib)] private static extern int nc_get_var_double(int ncid, int varid, double[] values);
    [DllImport(Lib)] private static extern int nc_get_var_text(int ncid, int varid, byte[] values);
    [DllImport(Lib)] private static extern int nc_get_var_string(int ncid, int varid, IntPtr[] values);
    [DllImport(Lib)] private static extern int nc_free_string(nuint len, IntPtr[] values);
    [DllImport(Lib)] private static extern IntPtr nc_strerror(int status);
}
