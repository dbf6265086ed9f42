"""The first screen of an empty workspace: what to run to get a map."""
import streamlit as st

from app_pages import common
from landscape.i18n import t

lang = common.lang()
ws = common.workspace()
st.title(t("welcome.title", lang))
st.write(t("welcome.intro", lang))
st.info(t("welcome.no_maps", lang, workspace=str(ws.resolve())))
st.markdown(t("welcome.demo", lang))
st.code("./run demo", language="bash")
st.markdown(t("welcome.own", lang))
st.code(f"landscape ingest exports/ --workspace {ws}\n"
        f"landscape build --corpus toys --workspace {ws}\n"
        f"landscape analyse --map toys --workspace {ws}", language="bash")
st.markdown(t("welcome.elsewhere", lang))
st.code("LANDSCAPE_WORKSPACE=/path/to/workspace streamlit run app.py\n"
        "streamlit run app.py -- --workspace /path/to/workspace", language="bash")
