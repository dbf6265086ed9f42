"""The Streamlit app: routing only. The pages live in ``app_pages/``; what they show is computed
by ``landscape.views``. Run ``streamlit run app.py -- --workspace DIR`` (or ``landscape app``)."""
import streamlit as st

from app_pages import common
from landscape.i18n import t

st.set_page_config(page_title="Landscape · 专利导航", page_icon=":material/map:", layout="wide")

maps = common.maps_available()
lang = common.sidebar(maps)
if not maps:
    pages = [st.Page("app_pages/welcome.py", title=t("page.welcome", lang), icon=":material/waving_hand:",
                     url_path="welcome", default=True)]
else:
    pages = [
        st.Page("app_pages/map.py", title=t("page.map", lang), icon=":material/map:", url_path="map", default=True),
        st.Page("app_pages/areas.py", title=t("page.areas", lang), icon=":material/category:", url_path="areas"),
        st.Page("app_pages/white_spaces.py", title=t("page.white_spaces", lang), icon=":material/explore:",
                url_path="white-spaces"),
        st.Page("app_pages/alerts.py", title=t("page.alerts", lang), icon=":material/warning:", url_path="alerts"),
        st.Page("app_pages/whats_new.py", title=t("page.whats_new", lang), icon=":material/new_releases:",
                url_path="whats-new"),
        st.Page("app_pages/breakdown.py", title=t("page.breakdown", lang), icon=":material/account_tree:",
                url_path="breakdown"),
        st.Page("app_pages/applicants.py", title=t("page.applicants", lang), icon=":material/groups:",
                url_path="applicants"),
        st.Page("app_pages/region.py", title=t("page.region", lang), icon=":material/location_city:",
                url_path="region"),
        st.Page("app_pages/trends.py", title=t("page.trends", lang), icon=":material/trending_up:",
                url_path="trends"),
        st.Page("app_pages/invention.py", title=t("page.invention", lang), icon=":material/lightbulb:",
                url_path="invention"),
        st.Page("app_pages/subscriptions.py", title=t("page.subscriptions", lang), icon=":material/mail:",
                url_path="subscriptions"),
    ]
st.navigation(pages).run()
