"""The default method with one part switched off, for the ablations of bible.py and mac.py.

Each variant is the method and the keyword arguments of :func:`bitext.features.lexical_input`.
"""

from dataclasses import replace

from bitext.align import LEXICAL
from bitext.align.learning import Learned

#: name → (the method with that part off, the features' options).
ABLATION = {
    "dictionary only (first pass)": (replace(LEXICAL, rounds=0), {}),
    "no Model 1": (replace(LEXICAL, learned=Learned(model1=False)), {}),
    "no sentence endings": (replace(LEXICAL, learned=Learned(endings=False)), {}),
    "priors counted whole": (replace(LEXICAL, learned=Learned(posterior_priors=False)), {}),
    "no unseen share": (replace(LEXICAL, learned=Learned(unseen_share=False)), {}),
    "Model 1 prior weight not chosen (2)": (replace(LEXICAL, learned=Learned(choose_weight=False)), {}),
    "no names": (LEXICAL, {"names": False}),
}
