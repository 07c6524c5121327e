"""The characters that mark where each traced value prints (``render.marks``), alone in a module of their own:
what reads a marked document's text (``render.measured``, the 汇总表's writer through the typesetting) needs
the three characters, not the marked render's Jinja and docxtpl."""

#: around each traced value in the rendered XML: private-use characters, valid in XML, printed by no font
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
