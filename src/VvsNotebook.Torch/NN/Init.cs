using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>In-place initialisers with <c>torch.nn.init</c>'s semantics (they draw from the default generator).</summary>
        public static class init
        {
            public enum FanMode { FanIn = 0, FanOut = 1 }
            public enum Nonlinearity { LeakyReLU = 0, ReLU = 1 }

            public static Tensor kaiming_uniform_(Tensor t, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyReLU)
            { Check(NativeMethods.vvs_init_kaiming_uniform_(t.Live, a, (int)mode, (int)nonlinearity)); return t; }

            public static Tensor kaiming_normal_(Tensor t, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyReLU)
            { Check(NativeMethods.vvs_init_kaiming_normal_(t.Live, a, (int)mode, (int)nonlinearity)); return t; }

            public static Tensor uniform_(Tensor t, double low = 0, double high = 1) { Check(NativeMethods.vvs_init_uniform_(t.Live, low, high)); return t; }
            public static Tensor normal_(Tensor t, double mean = 0, double std = 1) { Check(NativeMethods.vvs_init_normal_(t.Live, mean, std)); return t; }
            public static Tensor trunc_normal_(Tensor t, double std = 0.02) { Check(NativeMethods.vvs_init_trunc_normal_(t.Live, std)); return t; }
            public static Tensor zeros_(Tensor t) => t.zero_();
            public static Tensor ones_(Tensor t) => t.fill_(1);
            public static Tensor constant_(Tensor t, double value) => t.fill_(value);
        }
    }
}
