"""Published equations, one pure function each, taking and returning pint quantities.

* :mod:`~aluco2.methods.ipcc_aluminium` -- IPCC 2006 GL Vol. 3 Ch. 4.4, Eqs. 4.20-4.26
  and the overvoltage method;
* :mod:`~aluco2.methods.cbam` -- Implementing Regulation (EU) 2025/2547, Annex II B.3.2
  and B.7 (mass balance, PFC) and Annex III B (specific embedded emissions);
* :mod:`~aluco2.methods.combustion` -- fuel combustion, IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1;
* :mod:`~aluco2.methods.electricity` -- indirect emissions and captive generation;
* :mod:`~aluco2.methods.gwp` -- species mass to CO2e under a named GWP.

Functions accept scalars or NumPy arrays inside the quantities, so one call
evaluates many plant variants. They never read files and never default a
factor: every coefficient is an argument.
"""
