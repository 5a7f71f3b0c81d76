"""The decision step: rules propose candidate mentions, this keeps or drops each and writes its confidence.

``features`` turns a candidate into words a model can weigh, ``model`` applies the shipped weights,
``step`` is the one function the pipeline calls, ``calibration`` measures how well probabilities match
outcomes, and ``train`` (run by hand, never at run time) fits the weights on the labelled news pool.
"""
