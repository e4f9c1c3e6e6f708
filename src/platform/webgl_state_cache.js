// Emscripten JS library (linked with --js-library by src/app/CMakeLists.txt): answers the
// glGetIntegerv queries Dear ImGui's renderer makes every frame from the values last set.
//
// Why: Dear ImGui's OpenGL3 backend saves the GL state before drawing and restores it after,
// every frame. Chromium answers most WebGL queries from a cache of its own, but not the
// viewport, the scissor box and the six blend settings: each of those is a synchronous round
// trip to the GPU process, and the first one waits for the GPU to finish the work already
// sent. In headless Chromium with swiftshader that was 2 ms of a 3 ms frame (bench/README.md,
// "frame time"); a real GPU stalls less, but still stalls. The page owns its one WebGL
// context, so the values it last set are the answers. A value never set yet is asked of the
// browser (once: from then on the setter keeps it).
mergeInto(LibraryManager.library, {
  // GL enum -> array of ints, for the states below.
  $kgGlState: {},

  glViewport__deps: ['$kgGlState'],
  glViewport__sig: 'viiii',
  glViewport: function(x, y, width, height) {
    GLctx.viewport(x, y, width, height);
    kgGlState[0x0BA2 /* GL_VIEWPORT */] = [x, y, width, height];
  },

  glScissor__deps: ['$kgGlState'],
  glScissor__sig: 'viiii',
  glScissor: function(x, y, width, height) {
    GLctx.scissor(x, y, width, height);
    kgGlState[0x0C10 /* GL_SCISSOR_BOX */] = [x, y, width, height];
  },

  glBlendFuncSeparate__deps: ['$kgGlState'],
  glBlendFuncSeparate__sig: 'viiii',
  glBlendFuncSeparate: function(srcRGB, dstRGB, srcAlpha, dstAlpha) {
    GLctx.blendFuncSeparate(srcRGB, dstRGB, srcAlpha, dstAlpha);
    kgGlState[0x80C9 /* GL_BLEND_SRC_RGB */] = [srcRGB];
    kgGlState[0x80C8 /* GL_BLEND_DST_RGB */] = [dstRGB];
    kgGlState[0x80CB /* GL_BLEND_SRC_ALPHA */] = [srcAlpha];
    kgGlState[0x80CA /* GL_BLEND_DST_ALPHA */] = [dstAlpha];
  },

  glBlendFunc__deps: ['$kgGlState'],
  glBlendFunc__sig: 'vii',
  glBlendFunc: function(src, dst) {
    GLctx.blendFunc(src, dst);
    kgGlState[0x80C9] = kgGlState[0x80CB] = [src];
    kgGlState[0x80C8] = kgGlState[0x80CA] = [dst];
  },

  glBlendEquationSeparate__deps: ['$kgGlState'],
  glBlendEquationSeparate__sig: 'vii',
  glBlendEquationSeparate: function(modeRGB, modeAlpha) {
    GLctx.blendEquationSeparate(modeRGB, modeAlpha);
    kgGlState[0x8009 /* GL_BLEND_EQUATION_RGB */] = [modeRGB];
    kgGlState[0x883D /* GL_BLEND_EQUATION_ALPHA */] = [modeAlpha];
  },

  glBlendEquation__deps: ['$kgGlState'],
  glBlendEquation__sig: 'vi',
  glBlendEquation: function(mode) {
    GLctx.blendEquation(mode);
    kgGlState[0x8009] = kgGlState[0x883D] = [mode];
  },

  glGetIntegerv__deps: ['$emscriptenWebGLGet', '$kgGlState'],
  glGetIntegerv__sig: 'vii',
  glGetIntegerv: function(name_, p) {
    var known = kgGlState[name_];
    if (known && p) {
      for (var i = 0; i < known.length; i++) HEAP32[(p >> 2) + i] = known[i];
      return;
    }
    emscriptenWebGLGet(name_, p, 0 /* EM_FUNC_SIG_PARAM_I */);
  },
});
