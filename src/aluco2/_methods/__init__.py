"""Published equations, one pure function each.

* :mod:`~aluco2._methods.ipcc_aluminium` -- IPCC 2006 GL Vol. 3 Ch. 4.4, Eqs. 4.20-4.26
  and the overvoltage method;
* :mod:`~aluco2._methods.cbam` -- the CBAM regulations (IR 2025/2547 Annexes II and III,
  IR 2025/2620, IR 2025/2621) in decimal arithmetic: plain ``Decimal`` numbers in the
  units their docstrings state, as a declaration needs; the only module here without pint;
* :mod:`~aluco2._methods.combustion` -- fuel combustion, IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1;
* :mod:`~aluco2._methods.electricity` -- indirect emissions and captive generation;
* :mod:`~aluco2._methods.gwp` -- species mass to CO2e under a named GWP.

The pint-based functions accept scalars or NumPy arrays inside the quantities, so one
call evaluates many plant variants. No function reads files or defaults a factor from
data: every coefficient is an argument. (The CBAM standard method defaults the oxidation
factor to 1, complete oxidation, and the biomass fraction to 0, the conservative value
IR 2025/2547 Annex II B.3.2 prescribes when it is not known.)
"""
